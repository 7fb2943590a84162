package io.paystream.simulator.chaos;

import io.paystream.simulator.report.RunReport;
import java.util.List;
import java.util.Map;

/**
 * {@code .run/chaos/report.json}: one entry per scenario (issue 17's fields {@code name}, {@code
 * accepted}, {@code lost}, {@code duplicated}, {@code recoverySeconds}, {@code clientErrors}, then
 * the detail), the fuzz run and the final card-number scan of the tables.
 *
 * @param startedAt first scenario's start (ISO-8601)
 * @param finishedAt when the report was written
 * @param commit {@code git rev-parse --short HEAD} of the tree that ran
 * @param settings rate, durations and ports of the run
 * @param scenarios every scenario run, in order
 * @param fuzz the gateway fuzz run, or {@code null}
 * @param finalChecks checks run once at the end of a phase (the tables' card-number scan)
 * @param notes how to read the numbers
 */
record ChaosReport(
    String startedAt,
    String finishedAt,
    String commit,
    Map<String, Object> settings,
    List<Scenario> scenarios,
    GatewayFuzz.Result fuzz,
    List<RunReport.CheckResult> finalChecks,
    List<String> notes) {

  /**
   * One scenario's outcome.
   *
   * @param name e.g. {@code kill-fds-service}
   * @param accepted payments that got a 2xx (load and bursts)
   * @param lost accepted payments without exactly one ledger row and a final or pending state
   * @param duplicated payments charged twice (ledger rows or status-view rows beyond one)
   * @param recoverySeconds fault start → throughput (accepted and decided per second) back to 90 %
   *     of the baseline for 5 s; {@code null} when not within the observation window
   * @param clientErrors failed attempts seen by the clients, by problem type (RFC 9457 {@code
   *     type}, {@code http-<status>}, {@code timeout}, {@code connection-error}, ...)
   * @param phase 1 = single broker, 3 = three brokers
   * @param fault what was done
   * @param offeredPerSec the load's rate
   * @param sent requests sent (first attempts)
   * @param baselinePerSec accepted per second before the fault
   * @param healSeconds how long the heal (restart, ...) took until healthy
   * @param gaveUp requests the clients gave up on after their last attempt, by last failure
   * @param lostBy why each lost payment counts as lost
   * @param lostExamples up to 10 lost payment ids with the reason (for the logs)
   * @param duplicatedBy where the duplicates were found
   * @param held burst payments held for verification
   * @param heldCompleted of those, ended {@code COMPLETED}
   * @param processedWithout202 ledger rows of the scenario whose request got no 2xx (the client
   *     gave up; not a loss, the payment went through)
   * @param acceptedPerSecond accepted per second since the load started
   * @param decidedPerSecond ledger rows per second since the load started
   * @param faultAtSecond second of the series the fault began
   * @param healedAtSecond second of the series the heal finished
   * @param checks every check, PASS or FAIL with its detail
   * @param cardholder the cardholder's counters (SMS received, answered ...) at the end
   */
  record Scenario(
      String name,
      long accepted,
      long lost,
      long duplicated,
      Double recoverySeconds,
      Map<String, Long> clientErrors,
      int phase,
      String fault,
      double offeredPerSec,
      long sent,
      double baselinePerSec,
      double healSeconds,
      Map<String, Long> gaveUp,
      Map<String, Long> lostBy,
      List<String> lostExamples,
      Map<String, Long> duplicatedBy,
      long held,
      long heldCompleted,
      long processedWithout202,
      long[] acceptedPerSecond,
      long[] decidedPerSecond,
      int faultAtSecond,
      int healedAtSecond,
      List<RunReport.CheckResult> checks,
      Map<String, Long> cardholder) {

    /** Whether every check passed. */
    boolean passed() {
      return checks.stream().noneMatch(RunReport.CheckResult::failed);
    }
  }
}
