package io.paystream.payment.card;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LuhnTest {

  @ParameterizedTest
  @ValueSource(strings = {"4242424242424242", "79927398713", "4111111111111111", "378282246310005"})
  void acceptsNumbersWithAValidCheckDigit(String digits) {
    assertThat(Luhn.isValid(digits)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4242424242424241", "79927398710", "", "4111-1111-1111-1111", "abc"})
  void rejectsWrongCheckDigitsAndNonDigits(String digits) {
    assertThat(Luhn.isValid(digits)).isFalse();
  }
}
