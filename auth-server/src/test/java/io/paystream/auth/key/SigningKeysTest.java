package io.paystream.auth.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key sets of a rotation: the new key signs, the previous one is published by its public part. */
class SigningKeysTest {

  static final KeyPair NEW_RSA = rsa();
  static final KeyPair PREVIOUS_RSA = rsa();

  @Test
  void publishesTheSigningKeyAndThePreviousPublicOnlyKeyWithoutPrivateParts() {
    // given the production shape of step 2 of a rotation
    SigningKeys keys =
        SigningKeys.of(
            List.of(
                new SigningKeys.PemKey("k2026-11", pem("PRIVATE KEY", NEW_RSA), null),
                new SigningKeys.PemKey("k2026-08", null, pem("PUBLIC KEY", PREVIOUS_RSA))),
            "k2026-11");

    // then
    assertThat(keys.signingKeyId()).isEqualTo("k2026-11");
    assertThat(keys.signingAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(keys.publicJwkSet().getKeys())
        .extracting(JWK::getKeyID)
        .containsExactly("k2026-11", "k2026-08");
    assertThat(keys.publicJwkSet().getKeys()).noneMatch(JWK::isPrivate);
    assertThat(keys.jwkSet().getKeyByKeyId("k2026-11").isPrivate()).isTrue();
  }

  @Test
  void signsEs256WithAnEcP256Key() {
    KeyPair ec = ec();
    SigningKeys keys =
        SigningKeys.of(
            List.of(new SigningKeys.PemKey("ec-1", pem("PRIVATE KEY", ec), pem("PUBLIC KEY", ec))),
            "ec-1");

    assertThat(keys.signingAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
  }

  @Test
  void refusesASigningKeyWithoutPrivatePartOrOutsideTheKeySet() {
    List<SigningKeys.PemKey> onlyPublic =
        List.of(new SigningKeys.PemKey("k2026-08", null, pem("PUBLIC KEY", PREVIOUS_RSA)));

    assertThatThrownBy(() -> SigningKeys.of(onlyPublic, "k2026-08"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no private key");
    assertThatThrownBy(() -> SigningKeys.of(onlyPublic, "k2026-11"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not among paystream.auth.keys");
    assertThatThrownBy(() -> SigningKeys.of(List.of(), "k2026-11"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no signing keys configured");
  }

  static String pem(String label, KeyPair pair) {
    byte[] der =
        label.equals("PRIVATE KEY")
            ? pair.getPrivate().getEncoded()
            : pair.getPublic().getEncoded();
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair ec() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
