package io.paystream.simulator.report;

import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.replay.StatusTracker;
import java.util.List;
import java.util.Set;

/**
 * A check that fails the run (issue 10). {@code ApiChecks} and {@code HeldPaymentChecks} decide
 * from what the simulator saw over HTTP; the fleet checks in {@code io.paystream.simulator.check}
 * read the database, Kafka and the service logs.
 */
public interface RunCheck {

  /**
   * What a check can see.
   *
   * @param outcomes every replayed transaction's outcome at {@code POST /v1/payments}
   * @param tracked the last known state of every accepted payment
   * @param silentPaymentIds payments whose verification SMS the cardholder chose not to answer
   */
  record RunContext(
      List<PaymentOutcome> outcomes,
      List<StatusTracker.Tracked> tracked,
      Set<String> silentPaymentIds) {

    public RunContext {
      outcomes = outcomes.stream().filter(java.util.Objects::nonNull).toList();
      tracked = List.copyOf(tracked);
      silentPaymentIds = Set.copyOf(silentPaymentIds);
    }

    /** The accepted payments' ids. */
    public List<String> acceptedPaymentIds() {
      return outcomes.stream()
          .filter(o -> o != null && o.accepted())
          .map(PaymentOutcome::paymentId)
          .toList();
    }
  }

  /** Runs the check. */
  RunReport.CheckResult run(RunContext context);
}
