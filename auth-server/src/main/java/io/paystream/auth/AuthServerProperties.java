package io.paystream.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the token issuer ({@code paystream.auth.*}).
 *
 * @param issuerUri the {@code iss} of every token and the base of the metadata endpoints, e.g.
 *     {@code http://127.0.0.1:9000}; empty = derived from each request's URL (tests only)
 * @param audience the {@code aud} claim of every token; the gateway requires it ({@code paystream})
 * @param accessTokenTtl lifetime of an access token ({@code exp - iat}); default 10 minutes
 * @param signingKeyId the {@code kid} of the key that signs new tokens; must be one of {@code keys}
 *     and carry a private key
 * @param keys every key published in the JWKS: the signing key and, during a rotation, the previous
 *     key (public part only is enough) so tokens it signed still validate until they expire
 * @param bootstrapClients clients registered (or updated) at start; the dev stack's admin client
 *     and POS terminals live here in the {@code dev} profile
 * @param authorizationCleanup purge of expired rows of {@code oauth2_authorization}
 */
@Validated
@ConfigurationProperties("paystream.auth")
public record AuthServerProperties(
    String issuerUri,
    @DefaultValue("paystream") @NotBlank String audience,
    @DefaultValue("10m") @NotNull Duration accessTokenTtl,
    @NotBlank(message = "set paystream.auth.signing-key-id (see docs/services/auth-server.md)")
        String signingKeyId,
    @DefaultValue List<@Valid Key> keys,
    @DefaultValue List<@Valid BootstrapClient> bootstrapClients,
    @DefaultValue @Valid @NotNull AuthorizationCleanup authorizationCleanup) {

  /**
   * Scheduled purge of Spring Authorization Server's {@code oauth2_authorization} rows (one per
   * issued token), by every replica (safe: see {@code ExpiredAuthorizationPurger}).
   *
   * @param enabled whether the schedule runs; default {@code true}
   * @param retention how long a row is kept after its access token (and refresh token, if any)
   *     expired; default 1 hour
   * @param interval pause between two runs (and before the first); default 5 minutes
   * @param batchSize rows deleted per statement; default 10 000
   */
  public record AuthorizationCleanup(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1h") @NotNull Duration retention,
      @DefaultValue("5m") @NotNull Duration interval,
      @DefaultValue("10000") @Positive int batchSize) {}

  /**
   * One published key, as PEM text (from a Kubernetes Secret or the environment, never from a
   * committed production default).
   *
   * @param id the {@code kid}
   * @param privateKey PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), RSA (RS256) or EC P-256
   *     (ES256); needed only on the signing key
   * @param publicKey X.509 SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}); optional
   *     for RSA (derived from the private key), required for EC
   */
  public record Key(@NotBlank String id, String privateKey, String publicKey) {}

  /**
   * A client to register at start (idempotent: an existing client id is updated).
   *
   * @param clientId the OAuth2 client id, which is the token's {@code sub}
   * @param clientSecret plain secret (from the environment); stored only as a BCrypt hash
   * @param scopes granted scopes, a subset of {@code payments:write payments:read loyalty:read
   *     admin}
   * @param merchantId the {@code merchant_id} claim; absent for admin clients
   * @param tier the rate-limit {@code tier} claim: {@code standard}, {@code premium} or {@code
   *     internal}
   */
  public record BootstrapClient(
      @NotBlank String clientId,
      @NotBlank String clientSecret,
      @NotNull Set<String> scopes,
      String merchantId,
      @DefaultValue("standard") String tier) {}
}
