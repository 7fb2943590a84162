package io.paystream.loyalty.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * A token issuer for tests: an RSA key whose JWKS a real WireMock server publishes, and JWTs signed
 * with it (Nimbus), shaped like auth-server's client-credentials tokens.
 */
public final class TestTokens implements AutoCloseable {

  /** The {@code iss} of every minted token. */
  public static final String ISSUER = "http://issuer.test";

  private final RSAKey key;
  private final WireMockServer server;

  public TestTokens() {
    try {
      key = new RSAKeyGenerator(2048).keyID("test-key").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    server.stubFor(
        get(urlEqualTo("/oauth2/jwks"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JWKSet(key.toPublicJWK()).toString())));
  }

  /** The JWKS URL to give {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}. */
  public String jwksUri() {
    return server.baseUrl() + "/oauth2/jwks";
  }

  /** A token for a merchant client with {@code scope} and claim {@code merchant_id}. */
  public String merchant(String merchantId, String scope) {
    return mint("client-" + merchantId, scope, merchantId);
  }

  /** An admin token (scope {@code admin}, no merchant). */
  public String admin() {
    return mint("admin-client", "admin", null);
  }

  /** A token with any scope and optional merchant claim. */
  public String mint(String subject, String scope, String merchantId) {
    return mint(subject, scope, merchantId, "paystream");
  }

  /** A token for {@code audience} (auth-server's tokens carry {@code paystream}). */
  public String mint(String subject, String scope, String merchantId, String audience) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(subject)
            .audience(List.of(audience))
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .claim("scope", scope)
            .claim("tier", "standard");
    if (merchantId != null) {
      claims.claim("merchant_id", merchantId);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop();
  }
}
