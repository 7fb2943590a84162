package io.paystream.simulator.replay;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Live counters and latency histograms of a replay (thread-safe). */
public final class ReplayStats {

  /** Highest trackable latency: 10 minutes in ms (HdrHistogram, 3 significant digits). */
  static final long MAX_LATENCY_MS = 600_000;

  public final AtomicLong total = new AtomicLong();
  public final AtomicLong sent = new AtomicLong();
  public final AtomicLong accepted = new AtomicLong();
  public final AtomicLong rejected = new AtomicLong();
  public final AtomicLong replayed = new AtomicLong();
  public final AtomicLong retries = new AtomicLong();
  public final AtomicLong throttled = new AtomicLong();
  public final AtomicLong inFlight = new AtomicLong();
  public final AtomicLong decided = new AtomicLong();

  private final Map<String, AtomicLong> rejectedByType = new ConcurrentHashMap<>();
  private final Map<Long, AtomicLong> acceptedPerSecond = new ConcurrentHashMap<>();
  private final Histogram acceptLatencyMs = new ConcurrentHistogram(MAX_LATENCY_MS, 3);
  private final Histogram decisionLatencyMs = new ConcurrentHistogram(MAX_LATENCY_MS, 3);
  private final long startNanos = System.nanoTime();

  /** Records an accepted payment and its accept latency (the accepting attempt, ms). */
  public void recordAccepted(long latencyMs) {
    accepted.incrementAndGet();
    acceptLatencyMs.recordValue(clamp(latencyMs));
    long second = (System.nanoTime() - startNanos) / 1_000_000_000L;
    acceptedPerSecond.computeIfAbsent(second, s -> new AtomicLong()).incrementAndGet();
  }

  /** Records a rejection by problem type. */
  public void recordRejected(String problemType) {
    rejected.incrementAndGet();
    rejectedByType.computeIfAbsent(problemType, t -> new AtomicLong()).incrementAndGet();
  }

  /** Records a final decision and the accept → decision latency (ms). */
  public void recordDecision(long latencyMs) {
    decided.incrementAndGet();
    decisionLatencyMs.recordValue(clamp(latencyMs));
  }

  /** Seconds since the stats started. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public Map<String, Long> rejectedByType() {
    Map<String, Long> m = new TreeMap<>();
    rejectedByType.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** Accepted payments per second since the start (index = second). */
  public long[] acceptedPerSecond() {
    long last = acceptedPerSecond.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
    long[] series = new long[(int) last + 1];
    acceptedPerSecond.forEach((s, n) -> series[s.intValue()] = n.get());
    return series;
  }

  public Histogram acceptLatencyMs() {
    return acceptLatencyMs;
  }

  public Histogram decisionLatencyMs() {
    return decisionLatencyMs;
  }

  private static long clamp(long ms) {
    return Math.max(0, Math.min(MAX_LATENCY_MS, ms));
  }
}
