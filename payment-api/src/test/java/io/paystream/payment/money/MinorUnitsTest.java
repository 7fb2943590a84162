package io.paystream.payment.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MinorUnitsTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final Currency KRW = Currency.getInstance("KRW");
  private static final Currency BHD = Currency.getInstance("BHD");

  @Test
  void convertsUsingTheCurrencysFractionDigits() {
    assertThat(MinorUnits.toMinor(new BigDecimal("23.50"), USD)).isEqualTo(2350);
    assertThat(MinorUnits.toMinor(new BigDecimal("23.5"), USD)).isEqualTo(2350);
    assertThat(MinorUnits.toMinor(new BigDecimal("45000"), KRW)).isEqualTo(45000);
    assertThat(MinorUnits.toMinor(new BigDecimal("1.234"), BHD)).isEqualTo(1234);
  }

  @Test
  void refusesMoreDecimalsThanTheCurrencyAllows() {
    assertThatThrownBy(() -> MinorUnits.toMinor(new BigDecimal("23.505"), USD))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> MinorUnits.toMinor(new BigDecimal("100.5"), KRW))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void refusesAmountsBeyondALong() {
    assertThatThrownBy(() -> MinorUnits.toMinor(new BigDecimal("9999999999999999999"), USD))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void parsesOnlyPlainDecimals() {
    assertThat(MinorUnits.parseDecimal("23.50")).contains(new BigDecimal("23.50"));
    assertThat(MinorUnits.parseDecimal("1e3")).isEmpty();
    assertThat(MinorUnits.parseDecimal("1,000.00")).isEmpty();
    assertThat(MinorUnits.parseDecimal(".5")).isEmpty();
    assertThat(MinorUnits.parseDecimal("NaN")).isEmpty();
  }

  @Test
  void knowsIso4217CodesAndRefusesThoseWithoutMinorUnits() {
    assertThat(MinorUnits.currency("USD")).contains(USD);
    assertThat(MinorUnits.currency("usd")).isEmpty();
    assertThat(MinorUnits.currency("ZZZ")).isEmpty();
    assertThat(MinorUnits.currency("XAU")).isEmpty();
  }

  @Test
  void formatsMinorUnitsBackToDecimalStrings() {
    assertThat(MinorUnits.toDecimal(2350, USD)).isEqualTo("23.50");
    assertThat(MinorUnits.toDecimal(45000, KRW)).isEqualTo("45000");
  }
}
