package io.paystream.payment.status;

import io.paystream.contracts.money.Money;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * A row of the status view {@code registry.payments}.
 *
 * @param paymentId payment id
 * @param clientId submitting client ({@code sub})
 * @param merchantId merchant id
 * @param channel channel, or null if only a decision has been seen
 * @param cardBin BIN, or null if only a decision has been seen
 * @param cardLastFour last four, or null likewise
 * @param cardBrand brand, or null likewise
 * @param amountMinor amount in minor units
 * @param currency ISO 4217 code
 * @param occurredAt event time
 * @param status current status
 * @param reasonCodes latest reason codes
 * @param updatedAt last change
 */
public record StoredPayment(
    UUID paymentId,
    String clientId,
    String merchantId,
    String channel,
    String cardBin,
    String cardLastFour,
    String cardBrand,
    long amountMinor,
    String currency,
    OffsetDateTime occurredAt,
    String status,
    List<String> reasonCodes,
    Instant updatedAt) {

  /** The API shape of this row. */
  public PaymentView toView() {
    return new PaymentView(
        paymentId.toString(),
        status,
        Money.toDecimal(amountMinor, Currency.getInstance(currency)),
        currency,
        cardBin == null ? null : new PaymentView.CardSummary(cardBin, cardLastFour, cardBrand),
        merchantId,
        channel,
        occurredAt,
        reasonCodes,
        updatedAt);
  }
}
