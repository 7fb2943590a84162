package io.paystream.fds.rule;

import java.time.Instant;

/**
 * A payment a card made recently, for the velocity and amount-spike rules.
 *
 * @param paymentId the payment's id
 * @param occurredAt its event time
 * @param amountMinor its amount in ISO 4217 minor units of {@code currency}
 * @param currency ISO 4217 alphabetic currency code
 */
public record RecentPayment(
    String paymentId, Instant occurredAt, long amountMinor, String currency) {}
