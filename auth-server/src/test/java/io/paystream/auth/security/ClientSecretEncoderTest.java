package io.paystream.auth.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class ClientSecretEncoderTest {

  static final String GENERATED = "sim-0123456789abcdef0123456789abcdef"; // 128 bits as hex

  final ClientSecretEncoder encoder = new ClientSecretEncoder();

  @Test
  void hashesAGeneratedSecretWithSaltedSha256AndVerifiesIt() {
    String stored = encoder.encode(GENERATED);

    assertThat(stored).startsWith("{sha256}").doesNotContain(GENERATED).contains("$");
    assertThat(encoder.matches(GENERATED, stored)).isTrue();
    assertThat(encoder.matches(GENERATED.replace('f', 'e'), stored)).isFalse();
    // a fresh salt every time: equal secrets never share a stored form
    assertThat(encoder.encode(GENERATED)).isNotEqualTo(stored);
  }

  @Test
  void keepsBcryptForShortPossiblyHumanChosenSecrets() {
    String stored = encoder.encode("dev-pos-secret");

    assertThat(stored).startsWith("{bcrypt}$2");
    assertThat(encoder.matches("dev-pos-secret", stored)).isTrue();
    assertThat(encoder.matches("dev-pos-secreT", stored)).isFalse();
  }

  @Test
  void stillVerifiesSecretsStoredAsBcryptBeforeAndNeverAsksToUpgrade() {
    String legacy = "{bcrypt}" + new BCryptPasswordEncoder().encode(GENERATED);

    assertThat(encoder.matches(GENERATED, legacy)).isTrue();
    assertThat(encoder.upgradeEncoding(legacy)).isFalse();
    assertThat(encoder.upgradeEncoding(encoder.encode(GENERATED))).isFalse();
  }

  @Test
  void refusesMalformedOrUnknownStoredForms() {
    assertThat(encoder.matches(GENERATED, "{sha256}not-base64!$also-not")).isFalse();
    assertThat(encoder.matches(GENERATED, "{sha256}nodollar")).isFalse();
    assertThat(encoder.matches(GENERATED, null)).isFalse();
    assertThat(encoder.matches(null, encoder.encode(GENERATED))).isFalse();
  }
}
