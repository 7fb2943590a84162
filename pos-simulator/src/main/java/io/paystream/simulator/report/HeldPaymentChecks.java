package io.paystream.simulator.report;

import io.paystream.simulator.check.ImpossibleTravel;
import io.paystream.simulator.model.Transaction;
import io.paystream.simulator.replay.StatusTracker;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The acceptance checks of issue 10 ("In CI") on held payments, decided from the tracked states and
 * the cardholder's answers. A payment is <em>held</em> when the tracker saw it {@code
 * PENDING_VERIFICATION} (or {@code EXPIRED}) or the cardholder received its SMS.
 */
public final class HeldPaymentChecks {

  /** Reason codes of fds-service's card-status rule: a DENY outranks a step-up. */
  static final Set<String> CARD_STATUS_CODES = Set.of("CARD_SUSPENDED", "CARD_BLOCKED");

  private HeldPaymentChecks() {}

  /**
   * Every held payment labelled fraud ended {@code DENIED} ({@code EXPIRED}, or still {@code
   * PENDING_VERIFICATION} before the verification timeout, when the cardholder was silent).
   */
  public static final RunCheck HELD_FRAUD_DENIED =
      context -> outcomeOfHeld(context, true, "DENIED", "every held fraud ended DENIED");

  /**
   * Every held genuine payment ended {@code COMPLETED} ({@code EXPIRED} or still {@code
   * PENDING_VERIFICATION} when the cardholder was silent).
   */
  public static final RunCheck HELD_GENUINE_COMPLETED =
      context -> outcomeOfHeld(context, false, "COMPLETED", "every held genuine payment COMPLETED");

  private static RunReport.CheckResult outcomeOfHeld(
      RunCheck.RunContext context, boolean fraud, String expected, String name) {
    long held = 0;
    Map<String, Long> wrong = new java.util.TreeMap<>();
    for (StatusTracker.Tracked t : context.tracked()) {
      if (!t.held() || t.outcome().transaction().fraud() != fraud) {
        continue;
      }
      held++;
      String status = t.status() == null ? "UNKNOWN" : t.status();
      // A cardholder who never answers leaves the payment PENDING_VERIFICATION until fds-service's
      // verification timeout (10 min by default) makes it EXPIRED: both are right for silence.
      boolean silentUnanswered =
          ("EXPIRED".equals(status) || "PENDING_VERIFICATION".equals(status))
              && context.silentPaymentIds().contains(t.outcome().paymentId());
      if (!expected.equals(status) && !silentUnanswered) {
        wrong.merge(status + " " + t.outcome().transaction().transactionId(), 1L, Long::sum);
      }
    }
    String detail =
        (held - wrong.size())
            + " of "
            + held
            + " held "
            + (fraud ? "fraud" : "genuine")
            + " as expected"
            + (wrong.isEmpty() ? "" : "; not: " + first(wrong.keySet(), 10));
    return new RunReport.CheckResult(name, wrong.isEmpty() ? "PASS" : "FAIL", detail);
  }

  /**
   * Every impossible-travel pair fds-service's settings should catch was held: computed by {@link
   * ImpossibleTravel} over the accepted payments. Which payments moved their card's location
   * depends on when the cardholder's YES arrived, so a payment is expected to be held only when it
   * is impossible both if every {@code COMPLETED} payment located its card and if only the ones
   * never held did. The later payment must have been held, or denied by the card-status rule (a
   * card suspended after a fraud answer).
   *
   * @param settings the thresholds fds-service runs with
   */
  public static RunCheck impossibleTravelHeld(ImpossibleTravel.Settings settings) {
    return context -> {
      Map<Transaction, StatusTracker.Tracked> byTx =
          context.tracked().stream()
              .collect(
                  Collectors.toMap(
                      t -> t.outcome().transaction(), Function.identity(), (a, b) -> a));
      List<Transaction> accepted = List.copyOf(byTx.keySet());
      ImpossibleTravel.Locates completed = (t, held) -> "COMPLETED".equals(byTx.get(t).status());
      ImpossibleTravel.Locates completedUnheld =
          (t, held) -> "COMPLETED".equals(byTx.get(t).status()) && !byTx.get(t).held();
      Set<Transaction> either = new HashSet<>();
      ImpossibleTravel.pairs(accepted, settings, completedUnheld).forEach(l -> either.add(l.to()));
      List<ImpossibleTravel.Leg> expected =
          ImpossibleTravel.pairs(accepted, settings, completed).stream()
              .filter(l -> either.contains(l.to()))
              .toList();
      List<String> missed =
          expected.stream()
              .filter(
                  l -> {
                    StatusTracker.Tracked t = byTx.get(l.to());
                    return !t.held()
                        && !("DENIED".equals(t.status())
                            && t.reasonCodes().stream().anyMatch(CARD_STATUS_CODES::contains));
                  })
              .map(
                  l ->
                      String.format(
                          Locale.ROOT,
                          "%s->%s %.0f km %.0f km/h %s",
                          l.from().transactionId(),
                          l.to().transactionId(),
                          l.distanceKm(),
                          l.speedKmh(),
                          byTx.get(l.to()).status()))
              .toList();
      return new RunReport.CheckResult(
          "every impossible-travel pair was held",
          missed.isEmpty() ? "PASS" : "FAIL",
          String.format(
                  Locale.ROOT,
                  "%d of %d pairs held (%.0f km/h, %.0f km)",
                  expected.size() - missed.size(),
                  expected.size(),
                  settings.maxSpeedKmh(),
                  settings.minDistanceKm())
              + (missed.isEmpty() ? "" : "; missed: " + first(missed, 10)));
    };
  }

  static String first(java.util.Collection<String> items, int n) {
    String head = items.stream().limit(n).collect(Collectors.joining(", "));
    return items.size() > n ? head + ", ... (" + items.size() + ")" : head;
  }
}
