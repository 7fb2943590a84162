package io.paystream.benefit.tip;

/** Why a payment got no tip (counted in metrics, kept with the payment). */
public enum NoTipReason {
  /** Amount &le; 0: a refund or reversal. */
  REFUND,
  /** Amount under the floor. */
  BELOW_FLOOR,
  /** Nothing earns at least the margin more than the card used. */
  NOTHING_BETTER,
  /** A tip for the same customer and MCC group was sent within the throttle window. */
  THROTTLED,
  /** A tip was given: not a no-tip. */
  NONE
}
