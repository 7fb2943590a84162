package io.paystream.notification.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may succeed later: HTTP 5xx, 429, a timeout or a connection failure. Retried with
 * exponential backoff and jitter, or after {@link #retryAfter()} when the provider said so.
 */
public class TransientProviderException extends ProviderException {

  private final Duration retryAfter;
  private final String reason;

  public TransientProviderException(
      String provider, String message, Duration retryAfter, Throwable cause) {
    this(
        provider,
        retryAfter != null ? "provider-throttled" : "provider-unavailable",
        message,
        retryAfter,
        cause);
  }

  /**
   * @param reason stable reason code, e.g. {@code provider-unavailable}, {@code circuit-open}
   */
  public TransientProviderException(
      String provider, String reason, String message, Duration retryAfter, Throwable cause) {
    super(provider, message, cause);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  /** The wait the provider asked for ({@code Retry-After}), if it asked. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public String reason() {
    return reason;
  }
}
