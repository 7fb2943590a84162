package io.paystream.contracts.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency KRW = Currency.getInstance("KRW");
  private static final Currency BHD = Currency.getInstance("BHD");

  @Test
  void convertsUsingTheCurrencysFractionDigits() {
    assertThat(Money.toMinor(new BigDecimal("23.50"), USD)).isEqualTo(2350);
    assertThat(Money.toMinor(new BigDecimal("23.5"), USD)).isEqualTo(2350);
    assertThat(Money.toMinor(new BigDecimal("45000"), KRW)).isEqualTo(45000);
    assertThat(Money.toMinor(new BigDecimal("1.234"), BHD)).isEqualTo(1234);
  }

  @Test
  void refusesMoreDecimalsThanTheCurrencyAllows() {
    assertThatThrownBy(() -> Money.toMinor(new BigDecimal("23.505"), USD))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Money.toMinor(new BigDecimal("100.5"), KRW))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void refusesAmountsBeyondALong() {
    assertThatThrownBy(() -> Money.toMinor(new BigDecimal("9999999999999999999"), USD))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void parsesOnlyPlainDecimals() {
    assertThat(Money.parseDecimal("23.50")).contains(new BigDecimal("23.50"));
    assertThat(Money.parseDecimal("1e3")).isEmpty();
    assertThat(Money.parseDecimal("1,000.00")).isEmpty();
    assertThat(Money.parseDecimal(".5")).isEmpty();
    assertThat(Money.parseDecimal("NaN")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"USD", "EUR", "KRW", "JPY", "BHD", "XOF", "XCG", "VES"})
  void acceptsActiveCurrencies(String code) {
    assertThat(Money.currency(code)).contains(Currency.getInstance(code));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "USN", "USS", "BOV", "CHE", "CLF", "UYI", "XAU", "XAG", "XTS", "XXX", "XDR", "DEM", "HRK",
        "BGN", "ZZZ", "usd", "US", ""
      })
  void refusesFundCodesMetalsTestingWithdrawnAndUnknownCodes(String code) {
    assertThat(Money.currency(code)).isEmpty();
  }

  @Test
  void everyAcceptedCodeIsInTheJdkTableWithMinorUnits() {
    assertThat(Money.ACCEPTED_CURRENCIES)
        .allSatisfy(
            code ->
                assertThat(Currency.getInstance(code).getDefaultFractionDigits()).isNotNegative());
  }

  @Test
  void formatsMinorUnitsBackToDecimalStrings() {
    assertThat(Money.toDecimal(2350, USD)).isEqualTo("23.50");
    assertThat(Money.toDecimal(45000, KRW)).isEqualTo("45000");
    assertThat(new Money(1234, BHD)).hasToString("1.234 BHD");
    assertThatThrownBy(() -> new Money(1, Currency.getInstance("USN")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
