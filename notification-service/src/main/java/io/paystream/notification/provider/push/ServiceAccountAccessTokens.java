package io.paystream.notification.provider.push;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.paystream.notification.provider.TransientProviderException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.core.io.ResourceLoader;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * FCM access tokens minted from a Google service-account key the documented way: Google's auth
 * library ({@code com.google.auth:google-auth-library-oauth2-http}, {@link
 * ServiceAccountCredentials}) signs an RS256 JWT assertion with the key ({@code kid} = {@code
 * private_key_id}, {@code iss} = {@code client_email}, {@code aud} = {@code
 * https://oauth2.googleapis.com/token} as Google documents it, also when the grant is posted to
 * another token URI, {@code scope} = {@value #FCM_SCOPE}, one hour) and exchanges it at the token
 * URI with the JWT bearer grant of RFC 7523 ({@code
 * grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…}).
 *
 * <p>The token is kept and reused until shortly before it expires (the library refreshes when less
 * than about 4 minutes are left); concurrent callers share one refresh. The library's HTTP call is
 * blocking, so it runs on Reactor's bounded-elastic scheduler.
 */
public final class ServiceAccountAccessTokens implements FcmAccessTokens {

  private final ServiceAccountCredentials credentials;

  /**
   * @param serviceAccountKey the key file's JSON ({@code type=service_account}, {@code
   *     client_email}, {@code private_key}, {@code private_key_id}, {@code token_uri})
   * @param tokenUri where to exchange the assertion; {@code null} keeps the key's {@code token_uri}
   *     ({@code https://oauth2.googleapis.com/token})
   * @throws UncheckedIOException if the key cannot be read or is not a service-account key
   */
  public ServiceAccountAccessTokens(InputStream serviceAccountKey, URI tokenUri) {
    try {
      ServiceAccountCredentials.Builder builder =
          ServiceAccountCredentials.fromStream(serviceAccountKey).toBuilder();
      if (tokenUri != null) {
        builder.setTokenServerUri(tokenUri);
      }
      this.credentials = builder.setScopes(List.of(FCM_SCOPE)).build();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable FCM service-account key", e);
    }
  }

  /**
   * Opens a configured key: the key file's JSON itself when {@code keyOrLocation} starts with
   * {@code {} (an environment variable filled from a Secret), else a Spring resource location
   * ({@code file:/var/run/secrets/fcm/service-account.json}, {@code classpath:…}).
   *
   * @throws IOException if the location cannot be read
   */
  public static InputStream openKey(String keyOrLocation, ResourceLoader resources)
      throws IOException {
    String value = keyOrLocation.strip();
    if (value.startsWith("{")) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }
    return resources.getResource(value).getInputStream();
  }

  /** The service account ({@code client_email}) the tokens are minted for. */
  public String clientEmail() {
    return credentials.getClientEmail();
  }

  @Override
  public Mono<String> token() {
    return Mono.fromCallable(
            () -> {
              credentials.refreshIfExpired();
              AccessToken token = credentials.getAccessToken();
              if (token == null) {
                throw new IOException("token endpoint returned no access token");
              }
              return token.getTokenValue();
            })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            e ->
                new TransientProviderException(
                    "push",
                    "push-token-unavailable",
                    "cannot mint an FCM access token: " + e.getMessage(),
                    null,
                    e));
  }
}
