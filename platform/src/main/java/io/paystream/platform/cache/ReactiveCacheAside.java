package io.paystream.platform.cache;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.platform.reactive.Deadlines;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cache-aside over Redis for one kind of value: read Redis; on a miss ask the loader (PostgreSQL
 * through R2DBC, or any source) and store what it returned.
 *
 * <ul>
 *   <li>Values are JSON (Jackson 3) under {@code <prefix>:<cache>:<key>}; TTL with random jitter.
 *   <li>Negative caching: a loader's empty {@code Mono} (not found) is stored as a marker with the
 *       shorter negative TTL, so repeated lookups of a missing key do not reach the database.
 *   <li>Single flight: concurrent {@link #get} calls for the same key in this JVM while a lookup is
 *       under way share it (one Redis read, at most one loader call).
 *   <li>Redis down or slow: every Redis command is bounded by {@code command-timeout} and goes
 *       through a circuit breaker; on failure, timeout or an open breaker the value comes straight
 *       from the loader and {@code paystream.cache.redis.unavailable} is counted. {@code get} never
 *       fails because of Redis and never waits on it longer than the command timeout.
 *   <li>A hung loader is not waited on forever: each loader call is bounded by {@code
 *       load-timeout}; past it the lookup fails with a {@code TimeoutException} for every caller
 *       sharing it, the loader is cancelled, and the next {@code get} of the key starts afresh.
 * </ul>
 *
 * Metrics (tag {@code cache}): {@code paystream.cache.gets} with {@code result} = {@code hit},
 * {@code negative-hit}, {@code miss}, {@code bypass} (Redis unavailable); {@code
 * paystream.cache.loads}; {@code paystream.cache.redis.unavailable} with {@code operation} = {@code
 * get}, {@code set}, {@code delete}.
 *
 * @param <V> the value type
 */
public final class ReactiveCacheAside<V> {

  private static final Logger log = LoggerFactory.getLogger(ReactiveCacheAside.class);

  /** Stored for "not found"; never valid JSON, so it cannot clash with a value. */
  static final String NOT_FOUND_MARKER = "!not-found";

  private final String name;
  private final String keyPrefix;
  private final CacheProperties.Settings settings;
  private final Duration commandTimeout;
  private final Duration loadTimeout;
  private final ReactiveStringRedisTemplate redis;
  private final JsonMapper json;
  private final JavaType valueType;
  private final CircuitBreaker circuitBreaker;
  private final Map<String, Mono<Optional<V>>> inFlight = new ConcurrentHashMap<>();
  private final Counter hits;
  private final Counter negativeHits;
  private final Counter misses;
  private final Counter bypasses;
  private final Counter loads;
  private final MeterRegistry meters;

  ReactiveCacheAside(
      String name,
      String keyPrefix,
      CacheProperties.Settings settings,
      Duration commandTimeout,
      Duration loadTimeout,
      ReactiveStringRedisTemplate redis,
      JsonMapper json,
      JavaType valueType,
      CircuitBreaker circuitBreaker,
      MeterRegistry meters) {
    this.name = Objects.requireNonNull(name, "name");
    this.keyPrefix = keyPrefix;
    this.settings = settings;
    this.commandTimeout = commandTimeout;
    this.loadTimeout = Objects.requireNonNull(loadTimeout, "loadTimeout");
    this.redis = redis;
    this.json = json;
    this.valueType = valueType;
    this.circuitBreaker = circuitBreaker;
    this.meters = meters;
    this.hits = gets("hit");
    this.negativeHits = gets("negative-hit");
    this.misses = gets("miss");
    this.bypasses = gets("bypass");
    this.loads = Counter.builder("paystream.cache.loads").tag("cache", name).register(meters);
  }

  /**
   * The value of {@code key}: from Redis, or from {@code loader} (then stored).
   *
   * @param loader looks the value up at the source; an empty {@code Mono} means "not found"
   * @return the value, or empty when the source has none; fails only if the loader fails, or with a
   *     {@code TimeoutException} when it has not answered within {@code load-timeout}
   */
  public Mono<V> get(String key, Function<String, Mono<V>> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    return Mono.defer(
            () -> {
              // One lookup per key at a time. The entry leaves the map before the result is
              // handed to the waiting callers, so a get issued after that result starts afresh.
              return inFlight.computeIfAbsent(
                  key,
                  k ->
                      lookup(k, loader)
                          .doOnSuccess(v -> inFlight.remove(k))
                          .doOnError(e -> inFlight.remove(k))
                          .doOnCancel(() -> inFlight.remove(k))
                          .cache());
            })
        .flatMap(Mono::justOrEmpty);
  }

  /** Stores {@code value} for {@code key} (write-through after an update); never fails. */
  public Mono<Void> put(String key, V value) {
    Objects.requireNonNull(value, "value");
    return write(key, Optional.of(value));
  }

  /**
   * Removes {@code key} (after the source changed); never fails. If Redis is unavailable the
   * removal is counted and logged, and a stale entry can live until its TTL.
   */
  public Mono<Void> invalidate(String key) {
    return guarded(redis.delete(redisKey(key)), "delete").then().onErrorResume(e -> Mono.empty());
  }

  /** The cache name (metric tag, key segment). */
  public String name() {
    return name;
  }

  /** The Redis key of a cache key: {@code <prefix>:<cache>:<key>}. */
  public String redisKey(String key) {
    return keyPrefix + ":" + name + ":" + key;
  }

  private Mono<Optional<V>> lookup(String key, Function<String, Mono<V>> loader) {
    return read(key)
        .flatMap(
            cached ->
                switch (cached.state()) {
                  case HIT -> {
                    hits.increment();
                    yield Mono.just(cached.value());
                  }
                  case NEGATIVE_HIT -> {
                    negativeHits.increment();
                    yield Mono.just(Optional.<V>empty());
                  }
                  case MISS -> {
                    misses.increment();
                    yield load(key, loader).flatMap(v -> write(key, v).thenReturn(v));
                  }
                  case UNAVAILABLE -> {
                    bypasses.increment();
                    yield load(key, loader);
                  }
                });
  }

  private Mono<Optional<V>> load(String key, Function<String, Mono<V>> loader) {
    return Mono.defer(
        () -> {
          loads.increment();
          // Deadlines, not Mono.timeout: a loader that never calls onSubscribe is bounded too.
          return Deadlines.within(
              Objects.requireNonNull(loader.apply(key), "loader returned null")
                  .map(Optional::of)
                  .defaultIfEmpty(Optional.empty()),
              loadTimeout);
        });
  }

  private Mono<Cached<V>> read(String key) {
    return guarded(redis.opsForValue().get(redisKey(key)), "get")
        .map(raw -> decode(key, raw))
        .defaultIfEmpty(Cached.miss())
        .onErrorResume(e -> Mono.just(Cached.unavailable()));
  }

  private Cached<V> decode(String key, String raw) {
    if (NOT_FOUND_MARKER.equals(raw)) {
      return Cached.negativeHit();
    }
    try {
      V value = json.readValue(raw, valueType);
      return Cached.hit(value);
    } catch (RuntimeException e) {
      // e.g. the value class changed shape in a deployment: treat as a miss and overwrite
      log.warn("cache {}: unreadable entry for key {}, reloading: {}", name, key, e.toString());
      return Cached.miss();
    }
  }

  private Mono<Void> write(String key, Optional<V> value) {
    Duration ttl;
    String raw;
    if (value.isPresent()) {
      ttl = jittered(settings.ttl());
      raw = json.writeValueAsString(value.get());
    } else {
      if (settings.negativeTtl() == null || settings.negativeTtl().isZero()) {
        return Mono.empty();
      }
      ttl = jittered(settings.negativeTtl());
      raw = NOT_FOUND_MARKER;
    }
    return guarded(redis.opsForValue().set(redisKey(key), raw, ttl), "set")
        .then()
        .onErrorResume(e -> Mono.empty());
  }

  /** TTL uniform in [ttl × (1 − jitter), ttl × (1 + jitter)], at least 1 ms. */
  Duration jittered(Duration ttl) {
    double jitter = settings.jitter() == null ? 0 : settings.jitter();
    long millis = ttl.toMillis();
    long spread = Math.round(millis * jitter);
    long effective =
        spread == 0
            ? millis
            : millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
    return Duration.ofMillis(Math.max(1, effective));
  }

  /** A Redis command bounded by the command timeout, behind the circuit breaker. */
  private <T> Mono<T> guarded(Mono<T> command, String operation) {
    return Deadlines.within(command, commandTimeout)
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .doOnError(e -> unavailable(operation, e));
  }

  private void unavailable(String operation, Throwable e) {
    Counter.builder("paystream.cache.redis.unavailable")
        .tag("cache", name)
        .tag("operation", operation)
        .register(meters)
        .increment();
    if (!(e instanceof CallNotPermittedException)) {
      log.warn(
          "cache {}: Redis {} failed ({}), using the source",
          name,
          operation,
          e instanceof TimeoutException
              ? "no answer within " + commandTimeout.toMillis() + " ms"
              : e.toString());
    }
  }

  private Counter gets(String result) {
    return Counter.builder("paystream.cache.gets")
        .tag("cache", name)
        .tag("result", result)
        .register(meters);
  }

  private enum State {
    HIT,
    NEGATIVE_HIT,
    MISS,
    UNAVAILABLE
  }

  private record Cached<V>(State state, Optional<V> value) {
    static <V> Cached<V> hit(V value) {
      return new Cached<>(State.HIT, Optional.of(value));
    }

    static <V> Cached<V> negativeHit() {
      return new Cached<>(State.NEGATIVE_HIT, Optional.empty());
    }

    static <V> Cached<V> miss() {
      return new Cached<>(State.MISS, Optional.empty());
    }

    static <V> Cached<V> unavailable() {
      return new Cached<>(State.UNAVAILABLE, Optional.empty());
    }
  }
}
