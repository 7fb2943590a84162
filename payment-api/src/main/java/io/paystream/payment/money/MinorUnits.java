package io.paystream.payment.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Exact conversion between decimal amount strings and ISO 4217 minor units, using the currency's
 * default fraction digits from {@link Currency} (JDK ISO 4217 table: USD 2, KRW 0, JPY 0, BHD 3).
 */
public final class MinorUnits {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,19}(\\.\\d{1,19})?");
  private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

  private MinorUnits() {}

  /**
   * The ISO 4217 currency with this alphabetic code, if it exists and has minor units defined.
   * Codes without a minor unit (XAU, XXX: fraction digits -1) are not money here.
   */
  public static Optional<Currency> currency(String code) {
    if (code == null || !CODE.matcher(code).matches()) {
      return Optional.empty();
    }
    try {
      Currency currency = Currency.getInstance(code);
      return currency.getDefaultFractionDigits() < 0 ? Optional.empty() : Optional.of(currency);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a plain decimal string ({@code "23.50"}, {@code "45000"}; no exponent, no grouping) into
   * a {@link BigDecimal}, or empty if it is not one.
   */
  public static Optional<BigDecimal> parseDecimal(String text) {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      return Optional.empty();
    }
    return Optional.of(new BigDecimal(text));
  }

  /**
   * The amount in minor units of {@code currency}.
   *
   * @throws ArithmeticException if the amount has more decimals than the currency allows (as
   *     written: {@code "1.500"} USD is refused) or does not fit a {@code long}
   */
  public static long toMinor(BigDecimal amount, Currency currency) {
    int digits = currency.getDefaultFractionDigits();
    if (amount.scale() > digits) {
      throw new ArithmeticException(
          currency.getCurrencyCode() + " allows at most " + digits + " decimal places");
    }
    return amount.movePointRight(digits).longValueExact();
  }

  /** Formats minor units as a decimal string with the currency's fraction digits. */
  public static String toDecimal(long minor, Currency currency) {
    return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()).toPlainString();
  }
}
