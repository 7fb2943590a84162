package io.paystream.loyalty.policy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A merchant's loyalty policy: a customer becomes VIP at the merchant with the visit that brings
 * their counted visits to {@code threshold}, counting either all visits or only those inside a
 * trailing window.
 *
 * @param merchantId the merchant
 * @param threshold visits needed for VIP, ≥ 1 (default 10)
 * @param window trailing window the visits must fall into, measured back from the crossing visit's
 *     event time ({@code occurredAt}); {@code null} counts every visit since the first
 * @param benefit what a VIP gets, free text shown to the customer (may be empty)
 */
public record LoyaltyPolicy(String merchantId, int threshold, Duration window, String benefit) {

  /** Threshold when a merchant has no policy of its own. */
  public static final int DEFAULT_THRESHOLD = 10;

  public LoyaltyPolicy {
    Objects.requireNonNull(merchantId, "merchantId");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be >= 1, was " + threshold);
    }
    if (window != null && (window.isNegative() || window.isZero())) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    benefit = benefit == null ? "" : benefit;
  }

  /** The policy of a merchant that has configured none: {@code threshold} visits, no window. */
  public static LoyaltyPolicy defaultFor(String merchantId, int threshold, String benefit) {
    return new LoyaltyPolicy(merchantId, threshold, null, benefit);
  }

  /** {@code true} when only visits inside a trailing window count towards VIP. */
  public boolean windowed() {
    return window != null;
  }

  /**
   * The earliest event time (exclusive) of a visit that still counts towards VIP for a visit at
   * {@code occurredAt}; {@code null} without a window.
   */
  public OffsetDateTime windowStart(OffsetDateTime occurredAt) {
    return window == null ? null : occurredAt.minus(window);
  }

  /**
   * Whether {@code visits} counted visits (inside the window, when there is one) make the customer
   * VIP.
   */
  public boolean reachesVip(long visits) {
    return visits >= threshold;
  }
}
