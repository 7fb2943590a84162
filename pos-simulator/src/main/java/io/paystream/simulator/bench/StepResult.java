package io.paystream.simulator.bench;

import java.util.List;
import java.util.Map;

/**
 * One step of the benchmark as reported in {@code fleet-bench.json} ({@code steps[]}).
 *
 * @param step 1-based position in the run
 * @param soak {@code true} for the soak (the best step held for minutes)
 * @param offeredPerSec intended request rate, payments/s
 * @param durationSec length of the sending window, s
 * @param sent requests sent
 * @param accepted 2xx answers
 * @param acceptedPerSec {@code accepted / durationSec}
 * @param decidedPerSec ledger decisions (rows of {@code ledger.transactions}, any payment) created
 *     during the sending window, per second
 * @param acceptP50Ms intended send time → 202, median, ms
 * @param acceptP99Ms idem, 99th percentile, ms
 * @param acceptMaxMs idem, maximum, ms
 * @param decisionP50Ms payment-api's intake (its idempotency record) → fds's ledger decision of the
 *     step's payments, both PostgreSQL timestamps, median, ms
 * @param decisionP99Ms idem, 99th percentile, ms (payments not decided by the end of the run are
 *     not in it: they are {@code lost})
 * @param decisionMaxMs idem, maximum, ms
 * @param decided the step's accepted payments with a ledger row at the end of the run
 * @param held of those, held for verification ({@code PENDING_VERIFICATION}/{@code EXPIRED})
 * @param decidedLate of those, decided only after the step's drain had ended
 * @param lost accepted payments without a ledger row at the end of the run
 * @param duplicated payment ids answered for two keys, plus payments beyond one per (client, key)
 *     in payment-api's status view
 * @param errors failed requests by problem {@code type} (RFC 9457), {@code http-<status>}, {@code
 *     timeout}, {@code connection-error}, {@code not-sent-in-flight-cap}
 * @param lagAtSendEnd consumer lag over every group when sending ended, records
 * @param lagAtEnd consumer lag over every group at the end of the step's drain, records
 * @param drainSec how long the step waited after sending for its payments to be decided and the lag
 *     to reach 0, s
 * @param drained whether that happened before the drain timeout
 * @param cpuWindowSec the CPU window (sending + drain), s
 * @param cpuMsPerPayment CPU per accepted payment over the CPU window
 * @param meetsLimits whether every limit held
 * @param limitsMissed the limits that did not hold, readable
 */
public record StepResult(
    int step,
    boolean soak,
    double offeredPerSec,
    double durationSec,
    long sent,
    long accepted,
    double acceptedPerSec,
    double decidedPerSec,
    double acceptP50Ms,
    double acceptP99Ms,
    double acceptMaxMs,
    double decisionP50Ms,
    double decisionP99Ms,
    double decisionMaxMs,
    long decided,
    long held,
    long decidedLate,
    long lost,
    long duplicated,
    Map<String, Long> errors,
    long lagAtSendEnd,
    long lagAtEnd,
    double drainSec,
    boolean drained,
    double cpuWindowSec,
    CpuPerPayment cpuMsPerPayment,
    boolean meetsLimits,
    List<String> limitsMissed) {

  /**
   * CPU milliseconds per accepted payment.
   *
   * @param total every fleet process (services, Kafka, PostgreSQL, Redis, sandbox), without the
   *     load generator, ms/payment
   * @param loadGenerator the benchmark's own JVM, ms/payment
   * @param byProcess each fleet process, ms/payment, largest first
   * @param fleetCoresBusy fleet CPU ms / CPU window ms: cores the fleet kept busy on average
   */
  public record CpuPerPayment(
      double total, double loadGenerator, Map<String, Double> byProcess, double fleetCoresBusy) {}

  /** Total failed requests. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
