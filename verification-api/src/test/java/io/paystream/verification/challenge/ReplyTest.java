package io.paystream.verification.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTest {

  @ParameterizedTest
  @ValueSource(strings = {"YES 123456", "yes 123456", "  Yes   123456 \n", "YES123456"})
  void readsYesWithTheCode(String body) {
    assertThat(Reply.parse(body)).isEqualTo(new Reply.Yes("123456"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NO", "no", " No \n"})
  void readsNo(String body) {
    assertThat(Reply.parse(body)).isEqualTo(new Reply.No());
  }

  @ParameterizedTest
  @ValueSource(strings = {"NO 123456", "no 123456", " No  123456 \n", "NO123456"})
  void readsNoWithTheCode(String body) {
    assertThat(Reply.parse(body)).isEqualTo(new Reply.No("123456"));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "YES",
        "YES 12345",
        "YES 1234567",
        "YES 12a456",
        "YES １２３４５６", // full-width digits are not ASCII digits
        "NOPE",
        "NO 12345",
        "NO 123456 654321",
        "maybe",
        "YES 123456 YES 654321"
      })
  void anythingElseIsUnparseable(String body) {
    assertThat(Reply.parse(body)).isInstanceOf(Reply.Unparseable.class);
  }

  @Test
  void overLongBodiesAreNotParsed() {
    assertThat(Reply.parse("YES 123456" + " ".repeat(200))).isInstanceOf(Reply.Unparseable.class);
  }

  @Test
  void mapsInAppDecisions() {
    assertThat(Reply.ofDecision("YES", "000001")).isEqualTo(new Reply.Yes("000001"));
    assertThat(Reply.ofDecision("no", null)).isEqualTo(new Reply.No());
    assertThat(Reply.ofDecision("NO", "000001")).isEqualTo(new Reply.No("000001"));
    assertThat(Reply.ofDecision("NO", "1")).isEqualTo(new Reply.No());
    assertThat(Reply.ofDecision("YES", "1")).isInstanceOf(Reply.Unparseable.class);
    assertThat(Reply.ofDecision("MAYBE", "123456")).isInstanceOf(Reply.Unparseable.class);
  }

  @Test
  void neverPrintsTheCode() {
    assertThat(new Reply.Yes("123456").toString()).doesNotContain("123456");
    assertThat(new Reply.No("123456").toString()).doesNotContain("123456");
  }
}
