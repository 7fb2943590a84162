package io.paystream.simulator.report;

import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.replay.StatusTracker;
import java.util.List;

/**
 * A check that fails the run. The simulator runs the ones it can decide from the HTTP API; the
 * fleet-wide checks of issue 10 (one {@code transactions} row per accepted payment, zero consumer
 * lag, no Luhn-valid 13–19 digit number in logs, topics or tables) plug in here with database,
 * Kafka and log access.
 */
public interface RunCheck {

  /** What a check can see: every outcome and the tracked states. */
  record RunContext(List<PaymentOutcome> outcomes, List<StatusTracker.Tracked> tracked) {}

  /** Runs the check. */
  RunReport.CheckResult run(RunContext context);
}
