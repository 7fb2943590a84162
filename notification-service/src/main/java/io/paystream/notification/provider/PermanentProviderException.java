package io.paystream.notification.provider;

/**
 * A failure that retrying cannot fix: the provider rejected the request (HTTP 4xx other than 429),
 * e.g. an invalid phone number, an unregistered push token or a refused email address. Never
 * retried; logged {@code FAILED} and dead-lettered with its reason.
 */
public class PermanentProviderException extends ProviderException {

  private final String reason;

  /**
   * @param reason stable reason code, e.g. {@code invalid-recipient}, {@code provider-rejected}
   */
  public PermanentProviderException(
      String provider, String reason, String message, Throwable cause) {
    super(provider, message, cause);
    this.reason = reason;
  }

  @Override
  public String reason() {
    return reason;
  }
}
