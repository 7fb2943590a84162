package io.paystream.verification.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OneTimeCodesTest {

  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @Test
  void codesAreSixAsciiDigitsAndVary() {
    OneTimeCodes codes = new OneTimeCodes(KEY, new SecureRandom());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String code = codes.newCode();
      assertThat(code).matches("[0-9]{6}");
      seen.add(code);
    }
    // 2000 draws from 10^6: a repeat-heavy generator would show far fewer distinct values
    assertThat(seen).hasSizeGreaterThan(1990);
  }

  @Test
  void hashIsKeyedAndBoundToTheChallenge() {
    OneTimeCodes codes = new OneTimeCodes(KEY, new SecureRandom());
    OneTimeCodes otherKey =
        new OneTimeCodes(
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII),
            new SecureRandom());
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();

    byte[] hash = codes.hash(a, "123456");

    assertThat(hash).hasSize(32).isNotEqualTo("123456".getBytes(StandardCharsets.US_ASCII));
    assertThat(codes.matches(a, "123456", hash)).isTrue();
    assertThat(codes.matches(a, "123457", hash)).isFalse();
    assertThat(codes.matches(b, "123456", hash)).isFalse();
    assertThat(otherKey.matches(a, "123456", hash)).isFalse();
    assertThat(codes.matches(a, "123456", null)).isFalse();
  }

  @Test
  void refusesAShortKey() {
    assertThatThrownBy(() -> new OneTimeCodes(new byte[16], new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
