package io.paystream.simulator.report;

import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.replay.ReplayStats;
import io.paystream.simulator.replay.StatusTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Assembles the {@link RunReport} from what the run observed. */
public final class ReportBuilder {

  private ReportBuilder() {}

  /**
   * Everything a report is made of.
   *
   * @param silentPaymentIds payments whose SMS the cardholder left unanswered
   * @param value loyalty / benefit figures of the run (see {@link RunReport#value()})
   * @param checks every check to run, in report order
   */
  public record Inputs(
      Dataset dataset,
      long sliceSize,
      String startedAt,
      double wallSeconds,
      double sendSeconds,
      Map<String, Long> registration,
      ReplayStats stats,
      List<PaymentOutcome> outcomes,
      List<StatusTracker.Tracked> tracked,
      Map<String, Long> verification,
      java.util.Set<String> silentPaymentIds,
      Map<String, Long> value,
      List<RunCheck> checks) {}

  public static RunReport build(Inputs in) {
    Map<String, Long> finalStates = new TreeMap<>();
    Map<String, Long> fraud = new TreeMap<>();
    for (StatusTracker.Tracked t : in.tracked()) {
      String status = t.status() == null ? "UNKNOWN" : t.status();
      finalStates.merge(status, 1L, Long::sum);
      boolean labelledFraud = t.outcome().transaction().fraud();
      String prefix = labelledFraud ? "fraud" : "genuine";
      if (labelledFraud) {
        fraud.merge("fraud-accepted", 1L, Long::sum);
      }
      if (t.held()) {
        fraud.merge(prefix + "-held", 1L, Long::sum);
        fraud.merge(prefix + "-held-" + status.toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
      } else if (labelledFraud && "COMPLETED".equals(status)) {
        fraud.merge("fraud-approved-without-hold", 1L, Long::sum);
      } else if (labelledFraud && "DENIED".equals(status)) {
        fraud.merge("fraud-denied-without-hold", 1L, Long::sum);
      }
    }
    fraud.put(
        "fraud-rejected-at-intake",
        in.outcomes().stream()
            .filter(o -> o != null && !o.accepted() && o.transaction().fraud())
            .count());
    List<RunReport.CheckResult> checks = new ArrayList<>();
    RunCheck.RunContext context =
        new RunCheck.RunContext(in.outcomes(), in.tracked(), in.silentPaymentIds());
    for (RunCheck check : in.checks()) {
      checks.add(check.run(context));
    }
    ReplayStats s = in.stats();
    return new RunReport(
        in.dataset().source(),
        in.startedAt(),
        round(in.wallSeconds()),
        in.dataset().transactions().size(),
        in.sliceSize(),
        in.dataset().skipped(),
        in.dataset().notes(),
        in.registration(),
        s.sent.get(),
        s.accepted.get(),
        s.rejectedByType(),
        s.replayed.get(),
        s.retries.get(),
        s.throttled.get(),
        finalStates,
        in.verification(),
        fraud,
        in.value(),
        new RunReport.Throughput(
            round(in.sendSeconds() > 0 ? s.accepted.get() / in.sendSeconds() : 0),
            s.acceptedPerSecond()),
        latency(s.acceptLatencyMs()),
        latency(s.decisionLatencyMs()),
        checks);
  }

  static RunReport.Latency latency(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new RunReport.Latency(0, 0, 0, 0, 0, 0);
    }
    return new RunReport.Latency(
        h.getTotalCount(),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(95),
        h.getValueAtPercentile(99),
        h.getMaxValue(),
        round(h.getMean()));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
