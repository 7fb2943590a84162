package io.paystream.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PanMaskerTest {

  @Test
  void masksLuhnValidPanKeepingBinAndLastFour() {
    assertThat(PanMasker.mask("card 4111111111111111 declined"))
        .isEqualTo("card 411111******1111 declined");
  }

  @Test
  void masksPansGroupedBySpacesOrDashes() {
    assertThat(PanMasker.mask("pan=4111 1111 1111 1111;")).isEqualTo("pan=411111******1111;");
    assertThat(PanMasker.mask("5500-0000-0000-0004")).isEqualTo("550000******0004");
  }

  @Test
  void masksThirteenAndNineteenDigitPans() {
    // 4222222222222 is the classic 13-digit Visa test number; 6011000990139424 + 3 digits below
    assertThat(PanMasker.mask("x 4222222222222 y")).isEqualTo("x 422222***2222 y");
    String nineteen = "6304000000000000000"; // Maestro test number, 19 digits, Luhn valid
    assertThat(PanMasker.luhnValid(nineteen)).isTrue();
    assertThat(PanMasker.mask(nineteen)).isEqualTo("630400*********0000");
  }

  @Test
  void masksTwelveDigitMaestroPans() {
    // ISO/IEC 7812-1 allows 12 digits and Maestro issues them: masked like any other PAN
    assertThat(PanMasker.mayContainPan("pan=501800000009")).isTrue();
    assertThat(PanMasker.mask("pan=501800000009;")).isEqualTo("pan=501800**0009;");
    assertThat(PanMasker.mask("5018 0000 0009")).isEqualTo("501800**0009");
  }

  @Test
  void leavesNonLuhnNumbersAndShortOrLongRunsAlone() {
    String order = "order 1234567890123456 shipped"; // 16 digits, Luhn invalid
    assertThat(PanMasker.luhnValid("1234567890123456")).isFalse();
    assertThat(PanMasker.mask(order)).isSameAs(order);
    assertThat(PanMasker.mask("id 41111111111111110000")).isEqualTo("id 41111111111111110000");
    assertThat(PanMasker.mask("amount 41111111111")).isEqualTo("amount 41111111111"); // 11
    assertThat(PanMasker.mask("ref 501800000008")).isEqualTo("ref 501800000008"); // Luhn-invalid
  }

  @Test
  void findsPanFollowedByMoreDigitGroups() {
    assertThat(PanMasker.mask("4111 1111 1111 1111 12 26")).isEqualTo("411111******1111 12 26");
  }

  @Test
  void masksEveryPanInText() {
    assertThat(PanMasker.mask("a=4111111111111111, b=5555555555554444"))
        .isEqualTo("a=411111******1111, b=555555******4444");
    assertThat(PanMasker.containsPan("nothing 12345")).isFalse();
    assertThat(PanMasker.mask(null)).isNull();
  }
}
