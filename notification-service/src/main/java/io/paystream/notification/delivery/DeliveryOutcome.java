package io.paystream.notification.delivery;

import io.paystream.contracts.event.NotificationChannel;

/**
 * What handling one {@code notification.requested.v1} event did.
 *
 * @param kind the outcome
 * @param reason stable reason code for failures ({@code invalid-recipient}, {@code
 *     provider-unavailable}, {@code circuit-open}, {@code contact-not-found}, …), else {@code null}
 * @param error the failure, else {@code null}
 * @param channel the channel used ({@code PREFERRED} resolved to SMS, PUSH or EMAIL), or the
 *     channel asked for when no route was chosen (duplicates, missing contacts)
 */
public record DeliveryOutcome(
    Kind kind, String reason, Throwable error, NotificationChannel channel) {

  /** Outcome kinds. */
  public enum Kind {
    /** Sent now. */
    SENT,
    /** Already sent (or already failed permanently, or already deferred): nothing done. */
    DUPLICATE,
    /** Held back by quiet hours; sent when they end. */
    DEFERRED,
    /** Transient failure after the in-process retries: try again later (retry topic). */
    RETRY_LATER,
    /** Permanent failure: logged FAILED, dead-lettered. */
    FAILED
  }

  static DeliveryOutcome of(Kind kind, NotificationChannel channel) {
    return new DeliveryOutcome(kind, null, null, channel);
  }
}
