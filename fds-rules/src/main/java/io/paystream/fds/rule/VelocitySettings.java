package io.paystream.fds.rule;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of the velocity rule: more than {@code maxPayments} payments on one card within {@code
 * window} of event time (the payment being decided included) is held for verification.
 *
 * @param enabled whether the rule runs
 * @param maxPayments payments allowed within the window, ≥ 1 (default 5)
 * @param window the sliding event-time window (default 60 s)
 */
public record VelocitySettings(boolean enabled, int maxPayments, Duration window) {

  /** The defaults: on, 5 payments per 60 s. */
  public static final VelocitySettings DEFAULTS =
      new VelocitySettings(true, 5, Duration.ofSeconds(60));

  public VelocitySettings {
    Objects.requireNonNull(window, "window");
    if (maxPayments < 1) {
      throw new IllegalArgumentException("maxPayments must be >= 1: " + maxPayments);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
  }
}
