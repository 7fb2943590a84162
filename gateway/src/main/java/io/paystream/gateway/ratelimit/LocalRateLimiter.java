package io.paystream.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The fallback while Redis is unreachable: per-replica token buckets with the global rate and burst
 * divided by the replica count, so the fleet as a whole still admits at most the global limit (not
 * "everything", not "nothing").
 */
public class LocalRateLimiter {

  private final int replicas;
  private final LongSupplier nanoTime;
  private final Cache<String, LocalTokenBucket> buckets;

  /**
   * @param replicas gateway replicas sharing the global limit, ≥ 1
   * @param maxKeys most buckets kept (LRU)
   * @param nanoTime a monotonic clock in ns ({@code System::nanoTime})
   */
  public LocalRateLimiter(int replicas, long maxKeys, LongSupplier nanoTime) {
    this.replicas = replicas;
    this.nanoTime = nanoTime;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
  }

  /** Admits when every bucket has a token (taking one from each), else denies and takes none. */
  public RateLimitDecision tryAcquire(List<BucketKey> keys) {
    long now = nanoTime.getAsLong();
    List<LocalTokenBucket> taken = new ArrayList<>();
    long limit = Long.MAX_VALUE;
    long remaining = Long.MAX_VALUE;
    for (BucketKey key : keys) {
      double rate = key.bucket().rate() / replicas;
      double burst = Math.max(1, (double) key.bucket().burst() / replicas);
      LocalTokenBucket bucket = buckets.get(key.key(), k -> new LocalTokenBucket(rate, burst, now));
      long wait = bucket.tryTake(now);
      if (wait > 0) {
        taken.forEach(LocalTokenBucket::giveBack);
        return new RateLimitDecision(false, (long) burst, 0, wait, "local");
      }
      taken.add(bucket);
      long left = bucket.remaining(now);
      if (left < remaining) {
        remaining = left;
        limit = (long) burst;
      }
    }
    return new RateLimitDecision(true, limit, remaining, 0, "local");
  }
}
