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

  /**
   * The gateway masks every request path; a path of thousands of digits made the former regular
   * expression recurse once per digit and overflow an event-loop thread's stack, and the request
   * never got an answer. Run on a 128 KB stack so that the recursion cannot hide in a large one.
   */
  @Test
  void masksALongDigitRunOnASmallStackWithoutRecursingPerDigit() throws Exception {
    String zeros = "0".repeat(20_000);
    String text = "/v1/payments/" + zeros + "/4111111111111111?page=" + "7 ".repeat(5_000);
    java.util.concurrent.atomic.AtomicReference<Object> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              try {
                result.set(PanMasker.mask(text));
              } catch (Throwable e) {
                result.set(e);
              }
            },
            "small-stack",
            128 * 1024);
    thread.start();
    thread.join(10_000);

    assertThat(result.get())
        .isEqualTo("/v1/payments/" + zeros + "/411111******1111?page=" + "7 ".repeat(5_000));
  }
}
