package io.paystream.notification.provider;

/**
 * A provider refused or failed a message. Subclasses say whether trying again can help: {@link
 * TransientProviderException} (5xx, timeouts, connection failures, 429) or {@link
 * PermanentProviderException} (any other 4xx, an invalid number, token or address).
 */
public abstract class ProviderException extends RuntimeException {

  private final String provider;

  protected ProviderException(String provider, String message, Throwable cause) {
    super(provider + ": " + message, cause);
    this.provider = provider;
  }

  /** The provider name, e.g. {@code sms}. */
  public String provider() {
    return provider;
  }

  /** A stable, short reason code for the delivery log and the dead-letter header. */
  public abstract String reason();
}
