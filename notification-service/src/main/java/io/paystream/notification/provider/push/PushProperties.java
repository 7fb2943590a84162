package io.paystream.notification.provider.push;

import io.paystream.notification.provider.ProviderResilienceProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The push provider: Firebase Cloud Messaging HTTP v1. Its bearer token is minted from a Google
 * service-account key ({@link ServiceAccountAccessTokens}); a fixed {@code access-token} is only
 * for sandboxes, used when no key is configured.
 *
 * @param baseUrl API root, {@code https://fcm.googleapis.com} in production
 * @param project Firebase project id
 * @param serviceAccountKey the service-account key file's JSON itself (starts with <code>{</code>,
 *     e.g. an environment variable filled from a Secret) or a Spring resource location of it, e.g.
 *     {@code file:/var/run/secrets/fcm/key.json} (a mounted Secret); empty for none
 * @param tokenUri OAuth2 token endpoint the signed assertion goes to; empty keeps the key's {@code
 *     token_uri} ({@code https://oauth2.googleapis.com/token})
 * @param accessToken fixed bearer token (scope {@code
 *     https://www.googleapis.com/auth/firebase.messaging}) used when {@code service-account-key} is
 *     empty; sandboxes only
 * @param resilience retry, circuit breaker and rate limiter settings
 */
@Validated
@ConfigurationProperties("paystream.notification.push")
public record PushProperties(
    @NotNull URI baseUrl,
    @NotBlank String project,
    String serviceAccountKey,
    URI tokenUri,
    String accessToken,
    @NotNull @Valid ProviderResilienceProperties resilience) {

  /** Whether a service-account key is configured. */
  public boolean hasServiceAccountKey() {
    return serviceAccountKey != null && !serviceAccountKey.isBlank();
  }

  /** The token URI override, or {@code null} when unset or empty. */
  public URI tokenUriOverride() {
    return tokenUri == null || tokenUri.toString().isBlank() ? null : tokenUri;
  }

  /** Bean Validation: a key or a fixed token must be set. */
  @AssertTrue(message = "set service-account-key (or, for a sandbox, access-token)")
  public boolean isCredentialConfigured() {
    return hasServiceAccountKey() || (accessToken != null && !accessToken.isBlank());
  }
}
