package io.paystream.simulator.report;

import io.paystream.simulator.replay.PaymentOutcome;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks the simulator decides from the HTTP API alone. */
public final class ApiChecks {

  private ApiChecks() {}

  /** Every accepted payment has its own payment id (no two transactions share one). */
  public static final RunCheck NO_DUPLICATE_PAYMENT_IDS =
      context -> {
        Set<String> ids = new HashSet<>();
        long duplicates =
            context.outcomes().stream()
                .filter(PaymentOutcome::accepted)
                .filter(o -> !ids.add(o.paymentId()))
                .count();
        return new RunReport.CheckResult(
            "no duplicate payment ids",
            duplicates == 0 ? "PASS" : "FAIL",
            duplicates + " duplicate(s) among " + ids.size() + " payment ids");
      };

  /** Every accepted payment reports a final or pending state through {@code GET /v1/payments}. */
  public static final RunCheck EVERY_ACCEPTED_PAYMENT_HAS_A_STATE =
      context -> {
        long accepted = context.outcomes().stream().filter(PaymentOutcome::accepted).count();
        long withState =
            context.tracked().stream()
                .filter(
                    t ->
                        t.isFinal()
                            || "PENDING_VERIFICATION".equals(t.status())
                            || "APPROVED".equals(t.status()))
                .count();
        return new RunReport.CheckResult(
            "every accepted payment has a final or pending state",
            withState == accepted ? "PASS" : "FAIL",
            withState + " of " + accepted + " accepted payments");
      };

  /** The fleet-wide checks as {@code NOT_RUN}, for a run with {@code --no-fleet-checks}. */
  public static List<RunCheck> fleetNotRun() {
    String why = "--no-fleet-checks";
    return List.of(
        c ->
            new RunReport.CheckResult(
                "one ledger.transactions row per accepted payment", "NOT_RUN", why),
        c -> new RunReport.CheckResult("zero consumer lag at the end", "NOT_RUN", why),
        c ->
            new RunReport.CheckResult(
                "no Luhn-valid 12-19 digit number in logs, topics, tables", "NOT_RUN", why));
  }
}
