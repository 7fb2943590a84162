package io.paystream.benefit.tip;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * At most one tip per customer and MCC group per {@code window} of event time (default 7 days).
 * Event time, not processing time: a replay or a consumer catching up throttles exactly as live
 * traffic would. A previous tip blocks a new one when their event times are less than {@code
 * window} apart in either direction, so late, out-of-order payments are throttled too.
 *
 * @param window the throttle window
 */
public record TipThrottle(Duration window) {

  public TipThrottle {
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must be >= 0");
    }
  }

  /** Throttle key shared by every MCC that is in no group. */
  public static final String OTHER = "other";

  /**
   * The throttle key of a payment: the MCC group code, or {@value #OTHER} for every MCC in no group
   * (one key for all of them, so ungrouped categories cannot add up to a tip per MCC per week).
   */
  public static String categoryKey(String groupCode) {
    return groupCode != null ? groupCode : OTHER;
  }

  /**
   * Whether a tip sent for a payment at {@code previous} blocks one for a payment at {@code now}.
   */
  public boolean blocks(Instant previous, Instant now) {
    return Duration.between(previous, now).abs().compareTo(window) < 0;
  }
}
