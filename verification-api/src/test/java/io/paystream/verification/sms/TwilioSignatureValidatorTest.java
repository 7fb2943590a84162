package io.paystream.verification.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The published test vector is the one of Twilio's own SDK test suite (twilio-java {@code
 * RequestValidatorTest}: token {@code 12345}, URL {@code
 * https://mycompany.com/myapp.php?foo=1&bar=2}, five voice-call parameters, signature {@code
 * RSOYDt4T1cUTdK1PDd93/VVr8B8=}).
 */
class TwilioSignatureValidatorTest {

  static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

  final TwilioSignatureValidator validator = new TwilioSignatureValidator("12345");

  static Map<String, List<String>> params() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("Digits", List.of("1234"));
    p.put("CallSid", List.of("CA1234567890ABCDE"));
    p.put("To", List.of("+18005551212"));
    p.put("Caller", List.of("+14158675309"));
    p.put("From", List.of("+14158675309"));
    return p;
  }

  @Test
  void acceptsTwilioPublishedTestVector() {
    assertThat(validator.sign(URL, params())).isEqualTo(SIGNATURE);
    assertThat(validator.validate(URL, params(), SIGNATURE)).isTrue();
  }

  @Test
  void acceptsTheUrlWithOrWithoutTheDefaultPort() {
    // twilio-java: "kvajT1Ptam85bY51eRf/AJRuM3w=" is the signature of the URL with :443
    assertThat(validator.validate(URL, params(), "kvajT1Ptam85bY51eRf/AJRuM3w=")).isTrue();
    assertThat(
            validator.validate(
                "https://mycompany.com:443/myapp.php?foo=1&bar=2", params(), SIGNATURE))
        .isTrue();
  }

  @Test
  void rejectsATamperedBody() {
    Map<String, List<String>> tampered = params();
    tampered.put("Digits", List.of("1235"));
    assertThat(validator.validate(URL, tampered, SIGNATURE)).isFalse();

    Map<String, List<String>> added = params();
    added.put("Body", List.of("YES 123456"));
    assertThat(validator.validate(URL, added, SIGNATURE)).isFalse();
  }

  @Test
  void rejectsAnotherUrl() {
    assertThat(
            validator.validate("https://mycompany.com/myapp.php?foo=1&bar=3", params(), SIGNATURE))
        .isFalse();
    assertThat(
            validator.validate("http://mycompany.com/myapp.php?foo=1&bar=2", params(), SIGNATURE))
        .isFalse();
  }

  @Test
  void rejectsTheWrongToken() {
    assertThat(new TwilioSignatureValidator("12346").validate(URL, params(), SIGNATURE)).isFalse();
  }

  @Test
  void rejectsAMissingOrMangledSignature() {
    assertThat(validator.validate(URL, params(), null)).isFalse();
    assertThat(validator.validate(URL, params(), "")).isFalse();
    assertThat(validator.validate(URL, params(), "NOT" + SIGNATURE)).isFalse();
  }

  @Test
  void refusesAnEmptyToken() {
    assertThatThrownBy(() -> new TwilioSignatureValidator(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TwilioSignatureValidator(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
