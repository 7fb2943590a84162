package io.paystream.simulator.report;

import java.util.List;
import java.util.Map;

/**
 * The end-of-run report (issue 10), written as a table, JSON and HTML. Counts are payments unless
 * named otherwise; latencies are ms; throughput is accepted payments per second.
 *
 * @param source dataset origin
 * @param startedAt ISO instant the replay started
 * @param wallSeconds seconds from the first send to the end of the settle phase
 * @param datasetTransactions payments in the dataset
 * @param replayed payments in the replayed slice
 * @param skipped dataset rows not replayed, by reason
 * @param adjustments counted adapter adjustments (e.g. Luhn check digits replaced)
 * @param registration registry and terminal registration counts
 * @param sent payments sent
 * @param accepted payments accepted (202/200)
 * @param rejectedByType rejections by problem type
 * @param idempotentReplays accepted responses with {@code Idempotent-Replayed: true}
 * @param retries retries after a timeout, connection error or 409
 * @param throttled 429/503 answers waited out with {@code Retry-After}
 * @param finalStates accepted payments by last known state ({@code COMPLETED}, {@code DENIED},
 *     {@code EXPIRED}, still pending as {@code PENDING_VERIFICATION}, {@code RECEIVED}, ...)
 * @param verification cardholder counters (SMS received, answered yes/no, silent, unmatched, ...)
 * @param fraud ground-truth labels against outcomes
 * @param value loyalty VIPs granted and benefit tips sent for the run's customers during the run
 *     ({@code loyalty-vips-granted}, {@code benefit-tips-sent}, by kind); empty without fleet
 *     access
 * @param throughput overall and per-second accepted rate
 * @param acceptLatency accept latency percentiles (ms)
 * @param decisionLatency accept → final decision percentiles (ms)
 * @param checks checks that fail the run
 */
public record RunReport(
    String source,
    String startedAt,
    double wallSeconds,
    long datasetTransactions,
    long replayed,
    Map<String, Long> skipped,
    Map<String, Long> adjustments,
    Map<String, Long> registration,
    long sent,
    long accepted,
    Map<String, Long> rejectedByType,
    long idempotentReplays,
    long retries,
    long throttled,
    Map<String, Long> finalStates,
    Map<String, Long> verification,
    Map<String, Long> fraud,
    Map<String, Long> value,
    Throughput throughput,
    Latency acceptLatency,
    Latency decisionLatency,
    List<CheckResult> checks) {

  /**
   * @param acceptedPerSecond accepted over the replay's send phase
   * @param perSecond accepted payments in each second since the start
   */
  public record Throughput(double acceptedPerSecond, long[] perSecond) {}

  /** Latency percentiles in ms over {@code count} samples (HdrHistogram, 3 significant digits). */
  public record Latency(long count, long p50, long p95, long p99, long max, double mean) {}

  /** A check's outcome: {@code PASS}, {@code FAIL} or {@code NOT_RUN} (with why). */
  public record CheckResult(String name, String status, String detail) {

    public boolean failed() {
      return "FAIL".equals(status);
    }
  }

  /** {@code true} when any check failed. */
  public boolean anyCheckFailed() {
    return checks.stream().anyMatch(CheckResult::failed);
  }
}
