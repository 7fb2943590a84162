package io.paystream.simulator.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns one step's raw measurements into its {@link StepResult}; no I/O. */
public final class StepSummariser {

  /**
   * Raw measurements of one step.
   *
   * @param step 1-based position
   * @param soak whether this is the soak
   * @param offeredPerSec intended rate, payments/s
   * @param durationSec sending window (first due time → last answer), s
   * @param due requests due (sent + held back by the in-flight cap)
   * @param acceptMicros intended send → 2xx, µs
   * @param decisionMicros 202 → ledger decision, µs
   * @param accepted 2xx answers
   * @param decidedInWindow ledger decisions created in the sending window (any payment)
   * @param decided accepted payments of the step with a ledger row
   * @param held of those, held for verification
   * @param decidedLate of those, decided after the step's drain
   * @param lost accepted payments without a ledger row at the end
   * @param duplicated see {@link StepResult#duplicated()}
   * @param errors failures by type
   * @param lagAtSendEnd consumer lag when sending ended, records
   * @param lagAtEnd consumer lag at the end of the drain, records
   * @param drainSec drain time, s
   * @param drained whether the drain finished before its timeout
   * @param cpuWindowSec CPU window, s
   * @param cpuMs CPU ms per process group over the window, the load generator under {@link
   *     FleetProcesses#LOAD_GENERATOR}
   */
  public record StepMeasurement(
      int step,
      boolean soak,
      double offeredPerSec,
      double durationSec,
      long due,
      Histogram acceptMicros,
      Histogram decisionMicros,
      long accepted,
      long decidedInWindow,
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
      Map<String, Long> cpuMs) {}

  private StepSummariser() {}

  /** The step's report line, checked against {@code limits}. */
  public static StepResult summarise(StepMeasurement m, Limits limits) {
    double seconds = m.durationSec() > 0 ? m.durationSec() : 1;
    double acceptedPerSec = m.accepted() / seconds;
    double decidedPerSec = m.decidedInWindow() / seconds;
    double acceptP99 = ms(m.acceptMicros(), 99);
    double decisionP99 = ms(m.decisionMicros(), 99);
    long errors = m.errors().values().stream().mapToLong(Long::longValue).sum();
    List<String> missed =
        limits.missed(
            m.offeredPerSec(),
            acceptedPerSec,
            acceptP99,
            decisionP99,
            m.due(),
            errors,
            m.lost(),
            m.duplicated(),
            m.lagAtEnd(),
            m.accepted());
    return new StepResult(
        m.step(),
        m.soak(),
        m.offeredPerSec(),
        round(m.durationSec()),
        m.due() - m.errors().getOrDefault(OpenLoopDriver.NOT_SENT, 0L),
        m.accepted(),
        round(acceptedPerSec),
        round(decidedPerSec),
        ms(m.acceptMicros(), 50),
        acceptP99,
        max(m.acceptMicros()),
        ms(m.decisionMicros(), 50),
        decisionP99,
        max(m.decisionMicros()),
        m.decided(),
        m.held(),
        m.decidedLate(),
        m.lost(),
        m.duplicated(),
        new TreeMap<>(m.errors()),
        m.lagAtSendEnd(),
        m.lagAtEnd(),
        round(m.drainSec()),
        m.drained(),
        round(m.cpuWindowSec()),
        cpu(m.cpuMs(), m.accepted(), m.cpuWindowSec()),
        missed.isEmpty(),
        missed);
  }

  /** CPU ms per accepted payment: fleet total, load generator apart, by process largest first. */
  static StepResult.CpuPerPayment cpu(Map<String, Long> cpuMs, long payments, double windowSec) {
    double per = Math.max(1, payments);
    Map<String, Double> byProcess = new LinkedHashMap<>();
    long fleetMs = 0;
    for (Map.Entry<String, Long> e :
        cpuMs.entrySet().stream()
            .filter(e -> !e.getKey().equals(FleetProcesses.LOAD_GENERATOR))
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
            .toList()) {
      byProcess.put(e.getKey(), round(e.getValue() / per));
      fleetMs += e.getValue();
    }
    return new StepResult.CpuPerPayment(
        round(fleetMs / per),
        round(cpuMs.getOrDefault(FleetProcesses.LOAD_GENERATOR, 0L) / per),
        byProcess,
        windowSec > 0 ? round(fleetMs / (windowSec * 1000)) : 0);
  }

  /**
   * Why the ladder should stop after this step, if it clearly saturated: accepted far below offered
   * (under 80 %), the backlog not drained, or more than 5 % of requests failing.
   */
  public static Optional<String> saturation(StepResult r) {
    if (r.acceptedPerSec() < 0.8 * r.offeredPerSec()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "step %d saturated: accepted %.1f/s of %.0f/s offered",
              r.step(),
              r.acceptedPerSec(),
              r.offeredPerSec()));
    }
    if (!r.drained()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "step %d saturated: backlog not drained %.0f s after sending (lag %d)",
              r.step(),
              r.drainSec(),
              r.lagAtEnd()));
    }
    long due = r.sent() + r.errors().getOrDefault(OpenLoopDriver.NOT_SENT, 0L);
    if (due > 0 && r.errorCount() > 0.05 * due) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "step %d saturated: %d of %d requests failed %s",
              r.step(),
              r.errorCount(),
              due,
              r.errors()));
    }
    return Optional.empty();
  }

  /** A percentile of a µs histogram in ms (0.1 ms), 0 when empty. */
  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static double max(Histogram h) {
    return h.getTotalCount() == 0 ? 0 : round(h.getMaxValue() / 1000.0);
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
