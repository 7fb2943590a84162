package io.paystream.notification.kafka;

/**
 * A delivery that did not happen, thrown from the listener so Spring Kafka routes the record: a
 * {@link Retryable} one to the next retry topic, a {@link Permanent} one straight to the DLT. The
 * {@link #reason()} travels as the {@value NotificationRetryTopicConfiguration#REASON_HEADER}
 * header.
 */
public abstract sealed class DeliveryException extends RuntimeException {

  private final String reason;

  DeliveryException(String reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  /** Stable reason code, e.g. {@code provider-unavailable}, {@code invalid-recipient}. */
  public String reason() {
    return reason;
  }

  /** A transient failure: try again from the next retry topic. */
  public static final class Retryable extends DeliveryException {
    public Retryable(String reason, String message, Throwable cause) {
      super(reason, message, cause);
    }
  }

  /** A permanent failure: no retry, dead-lettered at once. */
  public static final class Permanent extends DeliveryException {
    public Permanent(String reason, String message, Throwable cause) {
      super(reason, message, cause);
    }
  }
}
