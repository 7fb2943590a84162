package io.paystream.auth.key;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The key set of the issuer: every published key and which one signs. RSA keys sign RS256, EC P-256
 * keys ES256. No Spring here: built from {@code paystream.auth.keys} by the security configuration.
 */
public final class SigningKeys {

  /** One configured key in PEM form. */
  public record PemKey(String id, String privateKeyPem, String publicKeyPem) {}

  private final JWKSet jwkSet;
  private final String signingKeyId;
  private final JWSAlgorithm signingAlgorithm;

  private SigningKeys(JWKSet jwkSet, String signingKeyId, JWSAlgorithm signingAlgorithm) {
    this.jwkSet = jwkSet;
    this.signingKeyId = signingKeyId;
    this.signingAlgorithm = signingAlgorithm;
  }

  /**
   * Parses the configured keys.
   *
   * @throws IllegalArgumentException if no key is configured, a PEM cannot be read, the signing key
   *     is missing or has no private part
   */
  public static SigningKeys of(List<PemKey> keys, String signingKeyId) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException(
          "no signing keys configured: set paystream.auth.keys[0].id/private-key (PEM) from a"
              + " secret, or run with the dev profile (docs/services/auth-server.md)");
    }
    List<JWK> jwks = new ArrayList<>();
    JWSAlgorithm signingAlgorithm = null;
    for (PemKey key : keys) {
      JWK jwk = toJwk(key);
      if (key.id().equals(signingKeyId)) {
        if (!jwk.isPrivate()) {
          throw new IllegalArgumentException("signing key " + signingKeyId + " has no private key");
        }
        signingAlgorithm = (JWSAlgorithm) jwk.getAlgorithm();
      }
      jwks.add(jwk);
    }
    if (signingAlgorithm == null) {
      throw new IllegalArgumentException(
          "paystream.auth.signing-key-id " + signingKeyId + " is not among paystream.auth.keys");
    }
    return new SigningKeys(new JWKSet(jwks), signingKeyId, signingAlgorithm);
  }

  /** Every key, private parts included (never publish this one). */
  public JWKSet jwkSet() {
    return jwkSet;
  }

  /** The public keys, as served on {@code /oauth2/jwks}. */
  public JWKSet publicJwkSet() {
    return jwkSet.toPublicJWKSet();
  }

  /** The {@code kid} that signs new tokens. */
  public String signingKeyId() {
    return signingKeyId;
  }

  /** RS256 or ES256, from the signing key's type. */
  public JWSAlgorithm signingAlgorithm() {
    return signingAlgorithm;
  }

  private static JWK toJwk(PemKey key) {
    try {
      PrivateKey privateKey =
          blank(key.privateKeyPem()) ? null : readPrivate(key.privateKeyPem().strip());
      PublicKey publicKey =
          blank(key.publicKeyPem()) ? null : readPublic(key.publicKeyPem().strip());
      if (privateKey instanceof RSAPrivateCrtKey crt && publicKey == null) {
        publicKey =
            KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      }
      if (publicKey instanceof RSAPublicKey rsa) {
        return new RSAKey.Builder(rsa)
            .privateKey(privateKey)
            .keyID(key.id())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm((Algorithm) JWSAlgorithm.RS256)
            .build();
      }
      if (publicKey instanceof ECPublicKey ec) {
        return new ECKey.Builder(Curve.P_256, ec)
            .privateKey((ECPrivateKey) privateKey)
            .keyID(key.id())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm((Algorithm) JWSAlgorithm.ES256)
            .build();
      }
      throw new IllegalArgumentException(
          "key " + key.id() + ": need an RSA private key, or an EC P-256 private + public key");
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("key " + key.id() + " cannot be read: " + e.getMessage());
    }
  }

  private static PrivateKey readPrivate(String pem) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY"));
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException notRsa) {
      return KeyFactory.getInstance("EC").generatePrivate(spec);
    }
  }

  private static PublicKey readPublic(String pem) throws GeneralSecurityException {
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der(pem, "PUBLIC KEY"));
    try {
      return KeyFactory.getInstance("RSA").generatePublic(spec);
    } catch (GeneralSecurityException notRsa) {
      return KeyFactory.getInstance("EC").generatePublic(spec);
    }
  }

  private static byte[] der(String pem, String label) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    if (!pem.startsWith(begin) || !pem.contains(end)) {
      throw new IllegalArgumentException("expected a PEM block " + begin);
    }
    String body = pem.substring(begin.length(), pem.indexOf(end)).replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
