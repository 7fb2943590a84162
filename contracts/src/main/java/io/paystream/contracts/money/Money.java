package io.paystream.contracts.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An amount of money as paystream carries it: {@code long} minor units of an ISO 4217 currency
 * (cents for USD, won for KRW, fils for BHD), and the one home of the rules around it: which
 * currency codes are money here, exact conversion between decimal strings and minor units, and
 * formatting. The minor-unit digits come from the JDK's ISO 4217 table ({@link
 * Currency#getDefaultFractionDigits()}: USD 2, KRW 0, JPY 0, BHD 3).
 *
 * @param amountMinor the amount in minor units of {@code currency}
 * @param currency an accepted currency ({@link #currency(String)})
 */
public record Money(long amountMinor, Currency currency) {

  /**
   * The alphabetic codes accepted as the currency of a payment: the active currencies of ISO 4217
   * List One (maintained by SIX Financial Information), amendments up to 2025, without
   *
   * <ul>
   *   <li>fund codes, which are units of account and not currencies of payment (BOV, CHE, CHW, CLF,
   *       COU, MXV, USN, UYI, UYW, and the withdrawn USS);
   *   <li>precious metals, bond-market and other units (XAG, XAU, XPD, XPT, XBA–XBD, XDR, XSU,
   *       XUA), the testing code XTS and the no-currency code XXX;
   *   <li>withdrawn currencies the JDK still lists (DEM, FRF, HRK, ZWL, ..., and ANG, BGN, SLL,
   *       replaced by XCG in 2025, EUR on 2026-01-01 and SLE).
   * </ul>
   */
  public static final Set<String> ACCEPTED_CURRENCIES =
      Set.of(
          "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD",
          "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
          "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN",
          "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD",
          "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES",
          "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
          "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
          "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP",
          "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK",
          "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
          "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES",
          "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG");

  private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d{1,19}(\\.\\d{1,19})?");
  private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

  /**
   * @throws NullPointerException if {@code currency} is null
   * @throws IllegalArgumentException if {@code currency} is not accepted ({@link
   *     #ACCEPTED_CURRENCIES})
   */
  public Money {
    Objects.requireNonNull(currency, "currency");
    if (!ACCEPTED_CURRENCIES.contains(currency.getCurrencyCode())) {
      throw new IllegalArgumentException("not an accepted currency: " + currency);
    }
  }

  /**
   * The accepted currency with this upper-case alphabetic code, or empty if the code is not in
   * {@link #ACCEPTED_CURRENCIES} (fund codes such as USN, metals such as XAU, XTS, withdrawn codes
   * such as DEM, lower case, anything else).
   */
  public static Optional<Currency> currency(String code) {
    if (code == null || !CODE.matcher(code).matches() || !ACCEPTED_CURRENCIES.contains(code)) {
      return Optional.empty();
    }
    return Optional.of(Currency.getInstance(code));
  }

  /**
   * Parses a plain decimal string ({@code "23.50"}, {@code "45000"}; no exponent, no grouping, at
   * most 19 digits on each side of the point) into a {@link BigDecimal}, or empty if it is not one.
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
   * @throws ArithmeticException if the amount has more decimals than the currency has minor-unit
   *     digits (judged as written: {@code "1.500"} USD is refused) or does not fit a {@code long}
   */
  public static long toMinor(BigDecimal amount, Currency currency) {
    int digits = digits(currency);
    if (amount.scale() > digits) {
      throw new ArithmeticException(
          currency.getCurrencyCode() + " allows at most " + digits + " decimal places");
    }
    return amount.movePointRight(digits).longValueExact();
  }

  /**
   * Minor units as a plain decimal string with the currency's minor-unit digits ({@code 2350 USD} →
   * {@code "23.50"}, {@code 45000 KRW} → {@code "45000"}).
   */
  public static String toDecimal(long amountMinor, Currency currency) {
    return BigDecimal.valueOf(amountMinor, digits(currency)).toPlainString();
  }

  /** This amount as a plain decimal string, e.g. {@code "23.50"}. */
  public String decimal() {
    return toDecimal(amountMinor, currency);
  }

  @Override
  public String toString() {
    return decimal() + " " + currency.getCurrencyCode();
  }

  private static int digits(Currency currency) {
    return Math.max(0, currency.getDefaultFractionDigits());
  }
}
