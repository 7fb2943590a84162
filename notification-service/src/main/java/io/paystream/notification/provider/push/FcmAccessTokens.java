package io.paystream.notification.provider.push;

import reactor.core.publisher.Mono;

/** Supplies the OAuth2 bearer access token of FCM HTTP v1 calls. */
@FunctionalInterface
public interface FcmAccessTokens {

  /** OAuth2 scope FCM HTTP v1 needs. */
  String FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

  /**
   * A currently valid access token.
   *
   * @return the token value (without {@code Bearer}); fails with a {@link
   *     io.paystream.notification.provider.TransientProviderException} (reason {@code
   *     push-token-unavailable}) when none can be obtained
   */
  Mono<String> token();

  /** A fixed token, e.g. for a sandbox that accepts any bearer. */
  static FcmAccessTokens fixed(String token) {
    Mono<String> value = Mono.just(token);
    return () -> value;
  }
}
