package io.paystream.contracts.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code payment.decided.v1}: fds-service moved a payment to a new resting state. One event per
 * resting state, in ledger order: an immediate approval is published once, as {@code COMPLETED}
 * with sequence 2 (its {@code APPROVED} step, sequence 1, is committed in the same transaction and
 * kept only in the ledger history); a held payment publishes {@code PENDING_VERIFICATION}, then its
 * outcome. Sequences may therefore skip: consumers keep the highest seen. Topic {@code
 * payment-decisions}, key = {@code cardToken}.
 *
 * @param paymentId payment id (UUIDv7)
 * @param sequence the transition's sequence number in the payment's ledger history (1 = first
 *     decision); consumers keep the highest seen
 * @param status the new state; never {@link PaymentStatus#RECEIVED}
 * @param cardToken card token
 * @param customerId cardholder's customer id
 * @param merchantId merchant id
 * @param clientId OAuth2 client that submitted the payment
 * @param amountMinor amount in ISO 4217 minor units of {@code currency}
 * @param currency ISO 4217 alphabetic currency code
 * @param reasonCodes every rule's reason code that contributed (e.g. {@code IMPOSSIBLE_TRAVEL},
 *     {@code VELOCITY}, {@code VERIFIED_BY_CARDHOLDER}); empty when none objected
 * @param travel impossible-travel figures when a previous located payment existed, else {@code
 *     null}
 * @param occurredAt the payment's event time
 * @param decidedAt when the transition was committed to the ledger
 */
public record PaymentDecided(
    String paymentId,
    long sequence,
    PaymentStatus status,
    String cardToken,
    String customerId,
    String merchantId,
    String clientId,
    long amountMinor,
    String currency,
    List<String> reasonCodes,
    TravelAssessment travel,
    OffsetDateTime occurredAt,
    Instant decidedAt) {}
