package io.paystream.payment.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanTokenizerTest {

  private static final byte[] K1 =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final byte[] K2 =
      "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
  private static final Pan PAN = Pan.of("4242424242424242");

  @Test
  void tokenIsDeterministicPrefixedWithTheKeyIdAndKeepsBinAndLastFour() {
    PanTokenizer tokenizer = new PanTokenizer("k1", Map.of("k1", K1));

    TokenizedCard first = tokenizer.tokenize(PAN);
    TokenizedCard second = tokenizer.tokenize(Pan.of("4242424242424242"));

    assertThat(first).isEqualTo(second);
    assertThat(first.token()).startsWith("k1_").matches(PanTokenizer.TOKEN_PATTERN);
    assertThat(first.token()).doesNotContain("4242424242424242");
    assertThat(first.bin()).isEqualTo("424242");
    assertThat(first.lastFour()).isEqualTo("4242");
  }

  @Test
  void differentKeysGiveDifferentTokensAndLookupsTryEveryKeyActiveFirst() {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put("k1", K1);
    keys.put("k2", K2);
    PanTokenizer rotated = new PanTokenizer("k2", keys);
    PanTokenizer old = new PanTokenizer("k1", Map.of("k1", K1));

    assertThat(rotated.tokenize(PAN).token()).startsWith("k2_");
    assertThat(rotated.candidateTokens(PAN))
        .containsExactly(rotated.tokenize(PAN).token(), old.tokenize(PAN).token());
  }

  @Test
  void refusesShortKeysAndAMissingActiveKey() {
    assertThatThrownBy(() -> new PanTokenizer("k1", Map.of("k1", new byte[16])))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PanTokenizer("k9", Map.of("k1", K1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void panToStringNeverShowsTheDigits() {
    assertThat(PAN.toString()).doesNotContain("4242424242424242").doesNotContain("457876362");
  }

  @Test
  void panProblemsNameTheReasonWithoutTheNumber() {
    assertThat(Pan.problemWith("4242424242424241")).contains("fails the Luhn check");
    assertThat(Pan.problemWith("12345")).contains("must have 12 to 19 digits");
    assertThat(Pan.problemWith("4242 4242 4242 4242")).contains("must contain digits only");
    assertThat(Pan.problemWith("4242424242424242")).isEmpty();
  }

  @Test
  void panLengthsFollowIso7812TwelveToNineteenDigits() {
    // a 12-digit Maestro number (ISO/IEC 7812-1 allows 12; Maestro issues 12-19)
    assertThat(Pan.problemWith("501800000009")).isEmpty();
    assertThat(Pan.of("501800000009").lastFour()).isEqualTo("0009");
    assertThat(Pan.problemWith("60400000006")).contains("must have 12 to 19 digits");
    assertThat(Pan.problemWith("6304000000000000000")).isEmpty();
    assertThat(Pan.problemWith("63040000000000000000")).contains("must have 12 to 19 digits");
  }
}
