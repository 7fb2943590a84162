package io.paystream.contracts.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code verification.requested.v1}: fds-service holds a payment for step-up verification of the
 * cardholder. Topic {@code verification-requests}, key = {@code cardToken}.
 *
 * @param paymentId the held payment's id; one open challenge per payment
 * @param cardToken card token
 * @param customerId cardholder to challenge (contacts come from the registry's read-only contact
 *     view, never from the event)
 * @param merchantId merchant id
 * @param merchantName merchant name, shown to the cardholder
 * @param amountMinor amount in ISO 4217 minor units of {@code currency}, shown to the cardholder
 * @param currency ISO 4217 alphabetic currency code
 * @param location where the payment happened; {@code null} if not located
 * @param occurredAt the payment's event time
 * @param reasonCodes why it was held (e.g. {@code IMPOSSIBLE_TRAVEL})
 * @param requestedAt when fds-service asked
 * @param holdExpiresAt the earliest instant fds-service settles the held payment as {@code EXPIRED}
 *     if no result arrived ({@code requestedAt} + {@code fds.verification.timeout}); the challenge
 *     stops taking answers before it, so a cardholder is never told "approved" for a payment fds
 *     already expired. {@code null} in events of producers older than the field: verification-api
 *     then ends the challenge at its first code's validity
 */
public record VerificationRequested(
    String paymentId,
    String cardToken,
    String customerId,
    String merchantId,
    String merchantName,
    long amountMinor,
    String currency,
    GeoLocation location,
    OffsetDateTime occurredAt,
    List<String> reasonCodes,
    Instant requestedAt,
    Instant holdExpiresAt) {}
