package io.paystream.gateway.ratelimit;

/**
 * A thread-safe in-memory token bucket (the classic algorithm: {@code tokens = min(burst, tokens +
 * elapsed × rate)}, admit when {@code tokens ≥ 1}). Used only while Redis is unreachable. Time in
 * nanoseconds from a monotonic source passed by the caller.
 */
public final class LocalTokenBucket {

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  /**
   * @param ratePerSecond tokens per second, &gt; 0
   * @param burst capacity, ≥ 1
   * @param nowNanos the creation time (a full bucket)
   */
  public LocalTokenBucket(double ratePerSecond, double burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1_000_000_000d;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes a token if there is one; returns the ms to wait for one if not (0 when taken). */
  public synchronized long tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / ratePerNano / 1_000_000d);
  }

  /** Whole tokens left at {@code nowNanos}. */
  public synchronized long remaining(long nowNanos) {
    refill(nowNanos);
    return (long) Math.floor(tokens);
  }

  /** Puts back a token taken by {@link #tryTake} when another bucket of the request said no. */
  public synchronized void giveBack() {
    tokens = Math.min(burst, tokens + 1);
  }

  private void refill(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastNanos);
    tokens = Math.min(burst, tokens + elapsed * ratePerNano);
    lastNanos = Math.max(lastNanos, nowNanos);
  }
}
