package io.paystream.benefit.earning;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a benefit is computed for.
 *
 * @param amountMinor amount in minor units of {@code currency}; &le; 0 (a refund) earns nothing
 * @param currency ISO 4217 code
 * @param mcc four-digit ISO 18245 merchant category code
 * @param date the payment's local date at the merchant (validity dates and the calendar month of
 *     caps are judged on it)
 */
public record Purchase(long amountMinor, String currency, String mcc, LocalDate date) {

  public Purchase {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(mcc, "mcc");
    Objects.requireNonNull(date, "date");
  }
}
