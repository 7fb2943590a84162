package io.paystream.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * The shared limiter: every bucket of a request checked and taken in one Lua script on Redis, timed
 * by Redis' {@code TIME} (microseconds) rather than the replica's clock, so replicas with skewed
 * clocks still share one budget. Algorithm: token bucket, {@code tokens = min(burst, tokens +
 * elapsed × rate)}, all buckets or none.
 */
public class RedisTokenBuckets {

  /**
   * Loaded once as text: a {@code RedisScript} over a {@code Resource} re-checks the resource's
   * last-modified time on every call, which inside a Boot jar opens the jar URL and throws a {@code
   * FileNotFoundException} per request (measured: 4 × fewer requests/s).
   */
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> SCRIPT =
      RedisScript.of(load("scripts/token_buckets.lua"), List.class);

  private final ReactiveStringRedisTemplate redis;

  public RedisTokenBuckets(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /** Takes one token from every bucket, or none if any is empty. */
  public Mono<RateLimitDecision> tryAcquire(List<BucketKey> keys) {
    List<String> redisKeys = keys.stream().map(BucketKey::key).toList();
    List<String> args = new ArrayList<>();
    args.add("1");
    for (BucketKey key : keys) {
      args.add(Double.toString(key.bucket().rate()));
      args.add(Long.toString(key.bucket().burst()));
    }
    return redis.execute(SCRIPT, redisKeys, args).next().map(result -> decision(keys, result));
  }

  private static String load(String resource) {
    try (InputStream in = RedisTokenBuckets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RateLimitDecision decision(List<BucketKey> keys, List<?> result) {
    boolean allowed = ((Number) result.get(0)).longValue() == 1;
    long retryAfterMicros = ((Number) result.get(1)).longValue();
    long limit = keys.getFirst().bucket().burst();
    long remaining = Long.MAX_VALUE;
    for (int i = 0; i < keys.size(); i++) {
      long left = ((Number) result.get(i + 2)).longValue();
      if (left < remaining) {
        remaining = left;
        limit = keys.get(i).bucket().burst();
      }
    }
    return new RateLimitDecision(
        allowed, limit, Math.max(0, remaining), (retryAfterMicros + 999) / 1000, "redis");
  }
}
