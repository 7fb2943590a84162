package io.paystream.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Test issuer: an RSA key published as JWKS and tokens good and bad. */
final class Tokens {

  static final String AUDIENCE = "paystream";

  final String issuer;
  final RSAKey key;
  final RSAKey stranger;

  Tokens(String issuer) {
    this.issuer = issuer;
    try {
      this.key = new RSAKeyGenerator(2048).keyID("test-1").generate();
      this.stranger = new RSAKeyGenerator(2048).keyID("unknown-kid").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String jwksJson() {
    return new JWKSet(key.toPublicJWK()).toString();
  }

  JWTClaimsSet.Builder claims(String subject, String merchantId, String tier, String scope) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(AUDIENCE)
            .subject(subject)
            .claim("scope", scope)
            .claim("tier", tier)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    if (merchantId != null) {
      b.claim("merchant_id", merchantId);
    }
    return b;
  }

  String sign(JWTClaimsSet claims) {
    return sign(claims, key);
  }

  String sign(JWTClaimsSet claims, RSAKey with) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HS256 with the RSA public key's bytes as the HMAC secret (key-confusion attack). */
  String hs256WithPublicKey(JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  /** A valid token whose payload is swapped for another one, keeping the first signature. */
  String tampered(JWTClaimsSet original, JWTClaimsSet forged) {
    String[] good = sign(original).split("\\.");
    String[] other = sign(forged).split("\\.");
    return good[0] + "." + other[1] + "." + good[2];
  }
}
