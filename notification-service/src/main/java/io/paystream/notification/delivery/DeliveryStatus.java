package io.paystream.notification.delivery;

/** Status of a delivery (one per dedup key) in {@code notification.deliveries}. */
public enum DeliveryStatus {
  /** Claimed, not yet sent. */
  PENDING,
  /** Held back by quiet hours until {@code not_before}. */
  DEFERRED,
  /** Quiet hours over: re-published onto {@code notifications}, to be sent without deferral. */
  RELEASED,
  /** A transient failure: the event is in a retry topic (or the DLT). */
  RETRYING,
  /** The provider accepted the message. Terminal: the dedup key never sends again. */
  SENT,
  /** A permanent failure. Terminal, except for a DLT replay (which may succeed once fixed). */
  FAILED
}
