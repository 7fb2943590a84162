package io.paystream.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token-bucket rate limits ({@code paystream.gateway.rate-limit.*}), per client (JWT {@code sub})
 * and per merchant ({@code merchant_id}), chosen by the token's {@code tier} claim.
 *
 * @param enabled off = no limiting at all (benchmarks of the bare proxy only)
 * @param replicas the most gateway replicas that can run at once (the HPA's {@code maxReplicas}
 *     when it scales the gateway, else the replica count; the chart sets it); while Redis is
 *     unreachable each replica admits at most the global rate and burst divided by this number, so
 *     the fleet never admits more than the global limit whatever the HPA does (docs/services/
 *     gateway.md, "Rate limiting")
 * @param redisTimeout longest wait for Redis per request before the local fallback decides; keep it
 *     far below any client timeout
 * @param defaultTier tier of tokens without a {@code tier} claim or with an unknown one
 * @param tiers limits per tier name ({@code standard}, {@code premium}, {@code internal})
 * @param anonymous the bucket of each client address on the public routes (the SMS webhook, the API
 *     documents): requests without a token have no other identity
 * @param localMaxKeys most buckets the local fallback keeps (least recently used are dropped)
 */
@Validated
@ConfigurationProperties("paystream.gateway.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("1") @Min(1) int replicas,
    @DefaultValue("50ms") @NotNull Duration redisTimeout,
    @DefaultValue("standard") @NotBlank String defaultTier,
    @NotNull Map<String, @Valid Tier> tiers,
    @NotNull @Valid Bucket anonymous,
    @DefaultValue("100000") @Min(1) long localMaxKeys) {

  /** The limits of a tier, or of the default tier when {@code tier} is unknown or null. */
  public Tier tier(String tier) {
    Tier t = tier == null ? null : tiers.get(tier);
    if (t == null) {
      t = tiers.get(defaultTier);
    }
    if (t == null) {
      throw new IllegalStateException("no rate-limit tier " + defaultTier + " configured");
    }
    return t;
  }

  /**
   * One tier.
   *
   * @param client the bucket of each client ({@code sub})
   * @param merchant the bucket of each merchant ({@code merchant_id}), shared by its clients
   */
  public record Tier(@NotNull @Valid Bucket client, @NotNull @Valid Bucket merchant) {}

  /**
   * A token bucket.
   *
   * @param rate tokens added per second (the sustained requests/s)
   * @param burst bucket capacity (requests admitted at once after idling)
   */
  public record Bucket(@Positive double rate, @Positive long burst) {}
}
