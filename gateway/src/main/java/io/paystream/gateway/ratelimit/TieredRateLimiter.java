package io.paystream.gateway.ratelimit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.platform.reactive.Deadlines;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/**
 * Decides per request: the caller's client bucket ({@code sub}) and merchant bucket ({@code
 * merchant_id}) at the limits of its {@code tier}, in Redis; when Redis is slow (over {@code
 * redis-timeout}), failing, or its circuit breaker is open, the {@link LocalRateLimiter} decides.
 */
public class TieredRateLimiter {

  static final String KEY_PREFIX = "paystream:rl:";

  private final RateLimitProperties properties;
  private final RedisTokenBuckets redis;
  private final LocalRateLimiter local;
  private final CircuitBreaker circuitBreaker;
  private final Counter fallbacks;

  public TieredRateLimiter(
      RateLimitProperties properties,
      RedisTokenBuckets redis,
      LocalRateLimiter local,
      CircuitBreaker circuitBreaker,
      MeterRegistry meters) {
    this.properties = properties;
    this.redis = redis;
    this.local = local;
    this.circuitBreaker = circuitBreaker;
    this.fallbacks =
        Counter.builder("paystream.gateway.ratelimit.fallback")
            .description("rate-limit decisions taken by the local fallback (Redis unavailable)")
            .register(meters);
  }

  /** The buckets a caller draws from. */
  public List<BucketKey> bucketsOf(Jwt jwt) {
    RateLimitProperties.Tier tier = properties.tier(jwt.getClaimAsString("tier"));
    List<BucketKey> keys = new ArrayList<>(2);
    keys.add(new BucketKey(KEY_PREFIX + "client:" + jwt.getSubject(), tier.client()));
    String merchant = jwt.getClaimAsString("merchant_id");
    if (merchant != null && !merchant.isBlank()) {
      keys.add(new BucketKey(KEY_PREFIX + "merchant:" + merchant, tier.merchant()));
    }
    return keys;
  }

  /** Takes a token from each of the caller's buckets, or denies; never fails. */
  public Mono<RateLimitDecision> tryAcquire(Jwt jwt) {
    return tryAcquire(bucketsOf(jwt));
  }

  /**
   * Takes a token from the bucket of a caller without a token (public routes), keyed by its address
   * ({@link ClientAddress}); never fails.
   */
  public Mono<RateLimitDecision> tryAcquireAnonymous(String clientAddress) {
    return tryAcquire(
        List.of(new BucketKey(KEY_PREFIX + "anonymous:" + clientAddress, properties.anonymous())));
  }

  private Mono<RateLimitDecision> tryAcquire(List<BucketKey> keys) {
    return Deadlines.within(redis.tryAcquire(keys), properties.redisTimeout())
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .onErrorResume(
            e -> {
              fallbacks.increment();
              return Mono.fromSupplier(() -> local.tryAcquire(keys));
            });
  }
}
