package io.paystream.loyalty.regulars;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameMaskerTest {

  @Test
  void keepsTheFirstLetterOfEachWord() {
    assertThat(NameMasker.mask("Kim Min-su")).isEqualTo("K** M*****");
    assertThat(NameMasker.mask("  Ada   Lovelace ")).isEqualTo("A** L*******");
  }

  @Test
  void hidesTheLengthOfShortNames() {
    assertThat(NameMasker.mask("Al")).isEqualTo("A**");
    assertThat(NameMasker.mask("이민수")).isEqualTo("이**");
  }

  @Test
  void masksMissingNames() {
    assertThat(NameMasker.mask(null)).isEqualTo("***");
    assertThat(NameMasker.mask(" ")).isEqualTo("***");
  }

  @Test
  void neverContainsMoreThanOneOriginalLetterPerWord() {
    String masked = NameMasker.mask("Jonathan Harker");

    assertThat(masked.replace("*", "").replace(" ", "")).isEqualTo("JH");
  }
}
