package io.paystream.contracts.event;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * {@code payment.requested.v1}: payment-api accepted a payment. Enriched from the registry so that
 * consumers need no lookups. Topic {@code payment-stream}, key = {@code card.token}.
 *
 * @param paymentId payment id, a time-ordered UUIDv7 (RFC 9562) string
 * @param clientId OAuth2 client (token {@code sub}) that submitted it: owner for reads
 * @param terminalId the POS terminal or app installation that captured it
 * @param channel how the card was used
 * @param card the card (token, BIN, last four, brand, type, product)
 * @param customerId cardholder's customer id in the registry
 * @param merchant the merchant (id, name, MCC, country)
 * @param amountMinor amount in ISO 4217 minor units of {@code currency} (cents for USD, won for
 *     KRW), &gt; 0
 * @param currency ISO 4217 alphabetic currency code
 * @param location where the card was used: the terminal/device fix when given, else the merchant's
 *     registered place; {@code null} for card-not-present ({@link Channel#ONLINE})
 * @param occurredAt when the payment happened at the terminal (event time), with its UTC offset
 * @param receivedAt when payment-api accepted it
 */
public record PaymentRequested(
    String paymentId,
    String clientId,
    String terminalId,
    Channel channel,
    CardSnapshot card,
    String customerId,
    MerchantSnapshot merchant,
    long amountMinor,
    String currency,
    GeoLocation location,
    OffsetDateTime occurredAt,
    Instant receivedAt) {}
