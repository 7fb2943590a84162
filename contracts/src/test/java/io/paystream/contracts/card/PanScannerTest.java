package io.paystream.contracts.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PanScannerTest {

  @Test
  void findsALuhnValidCardNumberAndMasksIt() {
    // given a log line leaking a Visa test number
    String line = "2026-11-21 INFO payment pan=4242424242424242 amount=12.00";

    // when
    PanScanner.Result result = PanScanner.scan(line);

    // then
    assertThat(result.masked()).containsExactly("424242******4242");
  }

  @Test
  void findsEveryLengthFrom12To19() {
    assertThat(PanScanner.scan("pan=501800000009,").masked()) // 12, Maestro (ISO/IEC 7812-1)
        .containsExactly("501800**0009");
    assertThat(PanScanner.scan("a 4222222222222 b").masked()).hasSize(1); // 13, Visa test
    assertThat(PanScanner.scan("{\"n\":\"378282246310005\"}").masked()).hasSize(1); // 15, Amex
    assertThat(PanScanner.scan("x:6011000990139424;").masked()).hasSize(1); // 16, Discover
    String nineteen = "400000000000000000" + Luhn.checkDigit("400000000000000000");
    assertThat(PanScanner.scan("\"" + nineteen + "\"").masked()).hasSize(1); // 19
  }

  @Test
  void ignoresAllDigitTraceAndSpanIdsButNotACardNumberNextToThem() {
    // a real traceparent whose 16-hex span id happened to be all digits and Luhn-valid
    String header = "traceparent=00-725ec1095255444b3f9cd161f517727c-0799665274174965-00";
    String log =
        "{\"traceId\":\"725ec1095255444b3f9cd161f517727c\",\"spanId\":\"0799665274174965\"}";

    assertThat(Luhn.isValid("0799665274174965")).isTrue();
    assertThat(PanScanner.scan(header).clean()).isTrue();
    assertThat(PanScanner.scan(log).clean()).isTrue();
    assertThat(PanScanner.scan(header + " pan=4242424242424242").masked())
        .containsExactly("424242******4242");
  }

  @Test
  void ignoresRunsFailingLuhnOrOfOtherLengths() {
    assertThat(PanScanner.scan("pan=4242424242424241").clean()).isTrue(); // check digit off
    assertThat(PanScanner.scan("id=42424242424").clean()).isTrue(); // 11 digits
    assertThat(PanScanner.scan("id=424242424241").clean()).isTrue(); // 12 digits, Luhn-invalid
    assertThat(PanScanner.scan("id=42424242424242424242").clean()).isTrue(); // 20 digits
  }

  @Test
  void findsGroupedNumbers() {
    assertThat(PanScanner.scan("card 4242 4242 4242 4242 used").masked())
        .containsExactly("424242******4242");
    assertThat(PanScanner.scan("card 5018 0000 0009 used").masked()) // 12-digit Maestro
        .containsExactly("501800**0009");
    // a UUID whose three middle segments are all digits and Luhn-valid is no grouped card number
    assertThat(Luhn.isValid("501800000009")).isTrue();
    assertThat(PanScanner.scan("/v1/payments/0190b6c2-5018-0000-0009-68ff0a1b2c3d").clean())
        .isTrue();
    assertThat(PanScanner.scan("\"id\":\"0190b6c2-5018-0000-0009-68ff0a1b2c3d\"").clean()).isTrue();
    assertThat(PanScanner.scan("0190b6c2-7a1b-7c2d-8e3f-501800000009").clean()).isTrue();
    assertThat(PanScanner.scan("card 3782-822463-10005").masked())
        .containsExactly("378282*****0005");
  }

  @Test
  void ignoresDigitRunsInsideTokensHashesAndDecimals() {
    // a Luhn-valid run glued to letters (hex digest, base64, id) or a decimal's fraction digits
    assertThat(PanScanner.scan("token=ab4242424242424242cd").clean()).isTrue();
    assertThat(PanScanner.scan("id=tf-c4242424242424242").clean()).isTrue();
    assertThat(PanScanner.scan("\"lat\":0.4242424242424242").clean()).isTrue();
  }

  @Test
  void ignoresLuhnValidEpochTimestampsButCountsThem() {
    // given epoch ms / µs / ns values (each made Luhn-valid by its last digit)
    String ms = "176394240000" + Luhn.checkDigit("176394240000");
    String us = "176394240000000" + Luhn.checkDigit("176394240000000");
    String line = "{\"ts\":" + ms + ",\"us\":" + us + "}";

    // when
    PanScanner.Result result = PanScanner.scan(line);

    // then
    assertThat(result.clean()).isTrue();
    assertThat(result.ignoredTimestamps()).isEqualTo(2);
    assertThat(PanScanner.isEpochTimestamp("4242424242424242")).isFalse();
    assertThat(PanScanner.isEpochTimestamp("4000000000000000006")).isFalse(); // 2096 in ns
  }

  @Test
  void skipsPhoneNumbersAndDeclaredIdentifiersButCountsThem() {
    // given a TabFormer merchant name that happens to be Luhn-valid, and an E.164 phone number
    String merchant = "Merchant -4282466774399734331 (La Verne, CA)";
    String phone = "+9715010000044"; // 13 digits after the plus

    assertThat(PanScanner.scan(merchant).masked()).hasSize(1);
    PanScanner.Result result =
        PanScanner.scan(merchant + " " + phone, Set.copyOf(PanScanner.digitRuns(merchant)));

    assertThat(result.clean()).isTrue();
    assertThat(result.ignoredKnown()).isEqualTo(1);
  }
}
