package io.paystream.simulator.model;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of money as the datasets state it.
 *
 * @param amount the decimal amount in major units (e.g. {@code 23.50} USD), scaled to the
 *     currency's minor-unit digits, ≥ 0
 * @param currency ISO 4217 currency
 */
public record Money(BigDecimal amount, Currency currency) {

  public Money {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("a payment amount is never negative: " + amount);
    }
    amount =
        amount.setScale(currency.getDefaultFractionDigits(), java.math.RoundingMode.UNNECESSARY);
  }

  /** Parses a decimal string ({@code "23.5"}) in the given ISO 4217 currency. */
  public static Money of(String decimal, String currencyCode) {
    return new Money(new BigDecimal(decimal), Currency.getInstance(currencyCode));
  }

  /** The amount in ISO 4217 minor units (cents for USD). */
  public long amountMinor() {
    return amount.movePointRight(currency.getDefaultFractionDigits()).longValueExact();
  }

  /** The API's decimal string, e.g. {@code "23.50"}. */
  public String decimal() {
    return amount.toPlainString();
  }

  @Override
  public String toString() {
    return decimal() + " " + currency.getCurrencyCode();
  }
}
