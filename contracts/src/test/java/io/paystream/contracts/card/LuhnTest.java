package io.paystream.contracts.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LuhnTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4242424242424242", // Visa test, 16
        "378282246310005", // Amex test, 15
        "6304000000000000000", // Maestro test, 19
        "6759000000000000", // Maestro-range synthetic, 16
        "501800000009", // 12-digit Maestro-range number
        "0"
      })
  void acceptsValidNumbers(String digits) {
    assertThat(Luhn.isValid(digits)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4242424242424241", "", "42424242a4242424", "4242 4242 4242 4242"})
  void refusesInvalidOrNonDigitInput(String digits) {
    assertThat(Luhn.isValid(digits)).isFalse();
  }

  @Test
  void checkDigitCompletesAPayload() {
    assertThat(Luhn.checkDigit("424242424242424")).isEqualTo(2);
    assertThat(Luhn.withValidCheckDigit("4242424242424241")).isEqualTo("4242424242424242");
    assertThat(Luhn.withValidCheckDigit("4242424242424242")).isEqualTo("4242424242424242");
    assertThatThrownBy(() -> Luhn.checkDigit("12x")).hasMessage("not a digit string");
  }

  @Test
  void leadingZerosNeverChangeTheResult() {
    assertThat(Luhn.isValid("60412345678" + Luhn.checkDigit("60412345678"))).isTrue();
    assertThat(Luhn.isValid("060412345678" + Luhn.checkDigit("60412345678"))).isTrue();
  }

  @Test
  void panIsTwelveToNineteenLuhnValidDigits() {
    String twelve = "50180000000" + Luhn.checkDigit("50180000000");
    String eleven = "6041234567" + Luhn.checkDigit("6041234567");
    assertThat(CardNumbers.isPan(twelve)).isTrue();
    assertThat(CardNumbers.isPan(eleven)).isFalse();
    assertThat(CardNumbers.isPan("6304000000000000000")).isTrue();
    assertThat(CardNumbers.isPan("63040000000000000000")).isFalse();
    assertThat(CardNumbers.mask(twelve)).isEqualTo("501800**" + twelve.substring(8));
    assertThat(CardNumbers.mask("4242424242424242")).isEqualTo("424242******4242");
    assertThat(CardNumbers.mask("1234")).isEqualTo("****");
  }
}
