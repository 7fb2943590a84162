package io.paystream.benefit.tip;

import java.math.BigDecimal;
import java.util.Currency;

/** Minor units to the decimal strings shown to people ({@code 80, USD} → {@code 0.80 USD}). */
public final class MinorUnits {

  private MinorUnits() {}

  /** {@code amountMinor} as a plain decimal with the currency's ISO 4217 fraction digits. */
  public static String decimal(long amountMinor, String currency) {
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    return BigDecimal.valueOf(amountMinor, digits).toPlainString();
  }

  /** {@code 0.80 USD}. */
  public static String withCurrency(long amountMinor, String currency) {
    return decimal(amountMinor, currency) + " " + currency;
  }
}
