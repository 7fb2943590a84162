package io.paystream.platform.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates {@link ReactiveCacheAside} instances, one per cache name, sharing one Redis connection
 * and one circuit breaker (Redis is down for all caches at once). Inject it and create the caches a
 * service needs once, e.g. in a {@code @Bean} or a constructor:
 *
 * <pre>{@code
 * ReactiveCacheAside<CardProfile> profiles = caches.create("card-profiles", CardProfile.class);
 * Mono<CardProfile> p = profiles.get(cardId, repository::findByCardId);
 * }</pre>
 */
public class ReactiveCacheAsideFactory {

  /** Name of the circuit breaker in front of Redis. */
  public static final String CIRCUIT_BREAKER_NAME = "paystream-cache-redis";

  private final ReactiveStringRedisTemplate redis;
  private final JsonMapper json;
  private final CacheProperties properties;
  private final String keyPrefix;
  private final MeterRegistry meters;
  private final CircuitBreaker circuitBreaker;

  public ReactiveCacheAsideFactory(
      ReactiveStringRedisTemplate redis,
      JsonMapper json,
      CacheProperties properties,
      String keyPrefix,
      MeterRegistry meters) {
    this.redis = redis;
    this.json = json;
    this.properties = properties;
    this.keyPrefix = keyPrefix;
    this.meters = meters;
    CacheProperties.CircuitBreaker cb = properties.circuitBreaker();
    this.circuitBreaker =
        CircuitBreaker.of(
            CIRCUIT_BREAKER_NAME,
            CircuitBreakerConfig.custom()
                .failureRateThreshold(cb.failureRateThreshold())
                .minimumNumberOfCalls(cb.minimumCalls())
                .slidingWindowSize(cb.windowSize())
                .waitDurationInOpenState(cb.openDuration())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    Gauge.builder(
            "paystream.cache.redis.circuit.open",
            circuitBreaker,
            c -> c.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
        .description("1 while the cache skips Redis after repeated failures")
        .register(meters);
  }

  /** A cache of {@code valueType} values named {@code name} (settings {@code caches.<name>}). */
  public <V> ReactiveCacheAside<V> create(String name, Class<V> valueType) {
    return create(name, json.constructType(valueType));
  }

  /** A cache of a generic value type, e.g. {@code List<Tier>} via Jackson's type factory. */
  public <V> ReactiveCacheAside<V> create(String name, JavaType valueType) {
    return new ReactiveCacheAside<>(
        name,
        keyPrefix,
        properties.settingsFor(name),
        properties.commandTimeout(),
        properties.loadTimeout(),
        redis,
        json,
        valueType,
        circuitBreaker,
        meters);
  }

  /** The circuit breaker in front of Redis (state for health checks and tests). */
  public CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }
}
