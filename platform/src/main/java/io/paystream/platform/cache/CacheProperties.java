package io.paystream.platform.cache;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Redis cache-aside helper ({@link ReactiveCacheAside}).
 *
 * @param keyPrefix first segment of every Redis key ({@code <keyPrefix>:<cache>:<key>}); empty
 *     means {@code spring.application.name} (so services sharing a Redis never collide)
 * @param commandTimeout how long one Redis command may take before the cache gives up on Redis and
 *     asks the loader; default 200 ms
 * @param defaults settings of every cache not listed under {@code caches}
 * @param caches per-cache overrides by cache name (e.g. {@code paystream.cache.caches.card-profiles
 *     .ttl=10m}); an unset field falls back to {@code defaults}
 * @param circuitBreaker when Redis keeps failing, skip it for a while instead of waiting on it
 * @param loadTimeout how long one loader call may take; past it the lookup fails with a {@code
 *     TimeoutException} for the caller and every caller that joined it (single flight), the loader
 *     is cancelled and the next {@code get} of the key calls the loader afresh; default 5 s (a
 *     point lookup; keep it above the R2DBC statement timeout only if loaders run long queries)
 */
@Validated
@ConfigurationProperties("paystream.cache")
public record CacheProperties(
    @DefaultValue("") String keyPrefix,
    @DefaultValue("200ms") @NotNull Duration commandTimeout,
    @DefaultValue @NotNull Settings defaults,
    Map<String, Settings> caches,
    @DefaultValue @NotNull CircuitBreaker circuitBreaker,
    @DefaultValue("5s") @NotNull Duration loadTimeout) {

  public CacheProperties {
    caches = caches == null ? Map.of() : Map.copyOf(caches);
  }

  /** The effective settings of one cache: its overrides over {@link #defaults()}. */
  public Settings settingsFor(String cacheName) {
    Settings own = caches.get(cacheName);
    if (own == null) {
      return defaults;
    }
    return new Settings(
        own.ttl() != null ? own.ttl() : defaults.ttl(),
        own.jitter() != null ? own.jitter() : defaults.jitter(),
        own.negativeTtl() != null ? own.negativeTtl() : defaults.negativeTtl());
  }

  /**
   * Expiry of cached entries.
   *
   * @param ttl time to live of a found value; default 5 min
   * @param jitter random spread of each entry's TTL as a fraction of it: the TTL is uniform in
   *     {@code [ttl × (1 − jitter), ttl × (1 + jitter)]}, so entries written together do not expire
   *     together (stampede); 0–0.5, default 0.1
   * @param negativeTtl time to live of a "not found" marker (negative caching), same jitter;
   *     default 30 s; {@code 0s} disables negative caching
   */
  public record Settings(
      @DefaultValue("5m") Duration ttl,
      @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("0.5") Double jitter,
      @DefaultValue("30s") Duration negativeTtl) {}

  /**
   * The resilience4j circuit breaker in front of Redis (one for all caches of a service).
   *
   * @param failureRateThreshold percentage of failed or timed-out commands that opens it; default
   *     50
   * @param minimumCalls commands needed in the window before it can open; default 5
   * @param windowSize commands in the sliding window; default 20
   * @param openDuration how long it stays open (Redis skipped) before probing again; default 5 s
   */
  public record CircuitBreaker(
      @DefaultValue("50") @Min(1) int failureRateThreshold,
      @DefaultValue("5") @Min(1) int minimumCalls,
      @DefaultValue("20") @Min(1) int windowSize,
      @DefaultValue("5s") @NotNull Duration openDuration) {}
}
