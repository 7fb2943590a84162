package io.paystream.payment.status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A payment as {@code GET /v1/payments/{id}} shows it (docs/api.md).
 *
 * @param paymentId UUIDv7
 * @param status current status ({@code RECEIVED} until the first decision)
 * @param amount decimal string in the currency's major unit ({@code "23.50"})
 * @param currency ISO 4217 code
 * @param card BIN, last four and brand only
 * @param merchantId merchant id
 * @param channel POS, APP or ONLINE
 * @param occurredAt event time with its offset
 * @param reasonCodes the latest decision's reason codes
 * @param updatedAt when the view last changed
 */
public record PaymentView(
    String paymentId,
    String status,
    String amount,
    String currency,
    CardSummary card,
    String merchantId,
    String channel,
    OffsetDateTime occurredAt,
    List<String> reasonCodes,
    Instant updatedAt) {

  /**
   * The card of a payment, never more than this.
   *
   * @param bin first six digits
   * @param lastFour last four digits
   * @param brand scheme
   */
  public record CardSummary(String bin, String lastFour, String brand) {}
}
