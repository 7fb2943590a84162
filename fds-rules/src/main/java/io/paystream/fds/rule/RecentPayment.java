package io.paystream.fds.rule;

import io.paystream.contracts.event.Channel;
import java.time.Instant;

/**
 * A payment a card made recently, for the velocity and amount-spike rules.
 *
 * @param paymentId the payment's id
 * @param occurredAt its event time
 * @param amountMinor its amount in ISO 4217 minor units of {@code currency}
 * @param currency ISO 4217 alphabetic currency code
 * @param channel how the card was used; {@code null} in profiles written before the risk features
 * @param merchantId the merchant's id; {@code null} in profiles written before the risk features
 */
public record RecentPayment(
    String paymentId,
    Instant occurredAt,
    long amountMinor,
    String currency,
    Channel channel,
    String merchantId) {

  /** A recent payment without channel and merchant (as profiles before the risk features kept). */
  public RecentPayment(String paymentId, Instant occurredAt, long amountMinor, String currency) {
    this(paymentId, occurredAt, amountMinor, currency, null, null);
  }
}
