package io.paystream.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PanMaskingEncoderTest {

  @Test
  void preCheckSeesOnlyRunsOfTwelveOrMoreDigitsPossiblyGrouped() {
    assertThat(PanMasker.mayContainPan("at 2026-11-21T05:35:01.200Z pid 123456 took 12 ms"))
        .isFalse();
    assertThat(PanMasker.mayContainPan("amount 41111111111")).isFalse(); // 11 digits
    assertThat(PanMasker.mayContainPan("amount 411111111111")).isTrue(); // 12: a Maestro length
    assertThat(PanMasker.mayContainPan("4111  1111 1111 111"))
        .isFalse(); // double space splits: 4 + 11 digits
    assertThat(PanMasker.mayContainPan("x4222222222222")).isTrue();
    assertThat(PanMasker.mayContainPan("4111 1111-1111 1111")).isTrue();
    assertThat(PanMasker.mayContainPan(bytes("{\"m\":\"5500-0000-0000-0004\"}"))).isTrue();
    assertThat(PanMasker.mayContainPan(bytes("{\"trace.id\":\"4bf92f3577b34da6\"}"))).isFalse();
  }

  @Test
  void lineWithoutLongDigitRunIsReturnedAsTheSameArray() {
    byte[] line = bytes("{\"message\":\"payment 42 approved in 13 ms\"}\n");

    assertThat(PanMaskingEncoder.mask(line)).isSameAs(line);
  }

  @Test
  void masksPansAndKeepsEveryOtherByteIncludingMultiByteUtf8() {
    byte[] line = bytes("{\"message\":\"결제 카드 4111 1111 1111 1111 € ok\"}\n");

    byte[] masked = PanMaskingEncoder.mask(line);

    assertThat(new String(masked, StandardCharsets.UTF_8))
        .isEqualTo("{\"message\":\"결제 카드 411111******1111 € ok\"}\n");
  }

  @Test
  void nonLuhnOrderNumberIsLeftAsIs() {
    byte[] line = bytes("order 2026112100004217 shipped\n");

    assertThat(PanMaskingEncoder.mask(line)).isSameAs(line);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
