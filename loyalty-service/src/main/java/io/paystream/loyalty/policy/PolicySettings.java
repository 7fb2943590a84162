package io.paystream.loyalty.policy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;

/**
 * A merchant's policy as stored, cached in Redis and exchanged with the admin endpoint.
 *
 * @param threshold visits for VIP, 1–10000
 * @param windowDays only visits in the last N days (ending at the crossing visit) count; {@code
 *     null} = all visits
 * @param benefit benefit text, up to 500 characters
 */
public record PolicySettings(
    @NotNull @Min(1) @Max(10_000) Integer threshold,
    @Min(1) @Max(3_650) Integer windowDays,
    @Size(max = 500) String benefit) {

  /** The domain policy of {@code merchantId}. */
  public LoyaltyPolicy toPolicy(String merchantId) {
    return new LoyaltyPolicy(
        merchantId,
        threshold,
        windowDays == null ? null : Duration.ofDays(windowDays),
        benefit == null ? "" : benefit);
  }
}
