package io.paystream.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FuzzCasesTest {

  private static final String PAN = "4000056655665556";

  private final List<FuzzCases.FuzzCase> cases = new FuzzCases("m-1", PAN).generate(10_000, 17);

  @Test
  void tenThousandCasesCoverEveryCategory() {
    Map<String, Long> byCategory =
        cases.stream()
            .collect(Collectors.groupingBy(FuzzCases.FuzzCase::category, Collectors.counting()));

    assertThat(cases).hasSize(10_000);
    assertThat(byCategory.keySet()).containsExactlyInAnyOrderElementsOf(FuzzCases.CATEGORIES);
    assertThat(byCategory.values()).allSatisfy(n -> assertThat(n).isGreaterThan(500));
  }

  @Test
  void theSameSeedGivesTheSameCases() {
    List<FuzzCases.FuzzCase> again = new FuzzCases("m-1", PAN).generate(200, 17);

    assertThat(again)
        .extracting(FuzzCases.FuzzCase::description)
        .containsExactlyElementsOf(
            cases.subList(0, 200).stream().map(FuzzCases.FuzzCase::description).toList());
  }

  @Test
  void bodiesBreakTheRulesTheyClaimTo() {
    assertThat(of("oversize"))
        .allSatisfy(c -> assertThat(c.body().get().length).isGreaterThan(1 << 20));
    assertThat(of("invalid-utf8")).allSatisfy(c -> assertThat(validUtf8(c.body().get())).isFalse());
    assertThat(of("deep-nesting"))
        .allSatisfy(c -> assertThat(text(c)).containsAnyOf("[[[[[[[[[[", "{\"a\":{\"a\":"));
    assertThat(of("duplicate-key"))
        .allSatisfy(
            c -> {
              String field = c.description().split(" ")[0];
              String key = "\"" + field.substring(field.lastIndexOf('.') + 1) + "\":";
              assertThat(text(c).split(java.util.regex.Pattern.quote(key), -1).length - 1)
                  .isGreaterThanOrEqualTo(2);
            });
    assertThat(of("path")).allSatisfy(c -> assertThat(c.method()).isEqualTo("GET"));
    assertThat(cases.stream().filter(FuzzCases.FuzzCase::chunked).count()).isGreaterThan(500);
    assertThat(cases.stream().filter(c -> c.category().equals("header") && !c.withToken()))
        .hasSizeGreaterThan(100);
  }

  @Test
  void descriptionsNeverCarryACardNumber() {
    assertThat(cases)
        .allSatisfy(c -> assertThat(c.description()).doesNotContainPattern("\\d{12,}"));
  }

  /** The first 200 cases of a category (their bodies are built: oversize ones take megabytes). */
  private List<FuzzCases.FuzzCase> of(String category) {
    return cases.stream().filter(c -> c.category().equals(category)).limit(200).toList();
  }

  private static String text(FuzzCases.FuzzCase c) {
    return new String(c.body().get(), StandardCharsets.UTF_8);
  }

  private static boolean validUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
