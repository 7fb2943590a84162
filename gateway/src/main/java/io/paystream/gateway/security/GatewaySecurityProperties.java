package io.paystream.gateway.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway authenticates callers ({@code paystream.gateway.security.*}). Any OAuth2 issuer
 * that signs RS256/ES256 JWTs and publishes a JWKS can replace auth-server.
 *
 * @param issuerUri required {@code iss} of every token, e.g. {@code http://127.0.0.1:9000}
 * @param jwkSetUri where the signing keys are fetched (cached; re-fetched on an unknown {@code
 *     kid}); default {@code <issuer-uri>/oauth2/jwks}
 * @param audience required member of {@code aud}
 * @param clockSkew tolerance on {@code exp} and {@code nbf}; default 30 s
 * @param publicPaths path patterns reachable without a token (the SMS provider's webhook, which
 *     verification-api authenticates by its signature)
 */
@Validated
@ConfigurationProperties("paystream.gateway.security")
public record GatewaySecurityProperties(
    @NotBlank String issuerUri,
    String jwkSetUri,
    @DefaultValue("paystream") @NotBlank String audience,
    @DefaultValue("30s") @NotNull Duration clockSkew,
    @DefaultValue("/v1/verifications/sms-callback") List<String> publicPaths) {

  /** The JWKS address: {@code jwk-set-uri}, or {@code <issuer-uri>/oauth2/jwks}. */
  public String effectiveJwkSetUri() {
    if (jwkSetUri != null && !jwkSetUri.isBlank()) {
      return jwkSetUri;
    }
    return issuerUri.replaceAll("/+$", "") + "/oauth2/jwks";
  }
}
