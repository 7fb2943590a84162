package io.paystream.devstack.test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

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
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A stand-in for auth-server in tests: a real HTTP server (WireMock) publishing a JWKS with a
 * freshly generated RS256 key, and tokens minted with Nimbus exactly as auth-server shapes them
 * ({@code sub}, {@code scope}, {@code merchant_id}, {@code aud=paystream}, issuer).
 */
public final class TestAuthServer {

  private final WireMockServer server;
  private final RSAKey key;

  private TestAuthServer(WireMockServer server, RSAKey key) {
    this.server = server;
    this.key = key;
  }

  /** Starts the JWKS server on an ephemeral port. */
  public static TestAuthServer start() {
    try {
      RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
      WireMockServer server = new WireMockServer(options().dynamicPort());
      server.start();
      server.stubFor(
          get(urlEqualTo("/oauth2/jwks"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(new JWKSet(key.toPublicJWK()).toString())));
      return new TestAuthServer(server, key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer ({@code iss}) tokens carry. */
  public String issuer() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Points the resource server at this JWKS and issuer. */
  public void register(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> issuer() + "/oauth2/jwks");
    registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", this::issuer);
  }

  /**
   * A signed access token.
   *
   * @param clientId {@code sub}
   * @param merchantId {@code merchant_id}, or null for none
   * @param scopes space-separated scopes
   */
  public String token(String clientId, String merchantId, String scopes) {
    return token(clientId, merchantId, scopes, issuer());
  }

  /** A signed token with another issuer (for rejection tests). */
  public String token(String clientId, String merchantId, String scopes, String issuer) {
    return token(clientId, merchantId, scopes, issuer, "paystream");
  }

  /**
   * A signed token of this issuer for another audience ({@code aud}; auth-server's tokens carry
   * {@code paystream}), for rejection tests.
   */
  public String tokenForAudience(String clientId, String scopes, String audience) {
    return token(clientId, null, scopes, issuer(), audience);
  }

  private String token(
      String clientId, String merchantId, String scopes, String issuer, String audience) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(clientId)
            .issuer(issuer)
            .audience(audience)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .claim("scope", scopes)
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

  /** Stops the server. */
  public void stop() {
    server.stop();
  }
}
