package io.paystream.simulator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a step must hold to count (issue 16's "done when").
 *
 * @param acceptP99Ms accept p99 at most, ms (100)
 * @param decisionP99Ms accept → decision p99 at most, ms (1,000)
 * @param maxErrorShare failed requests at most this share of those due (0.001: one in a thousand)
 * @param minAcceptedShare accepted/s at least this share of offered/s (0.98)
 */
public record Limits(
    double acceptP99Ms, double decisionP99Ms, double maxErrorShare, double minAcceptedShare) {

  /** accept p99 ≤ 100 ms, decision p99 ≤ 1 s, ≤ 0.1 % errors, ≥ 98 % of the offered rate. */
  public static final Limits DEFAULT = new Limits(100, 1_000, 0.001, 0.98);

  /**
   * The limits a step misses (empty: it meets them all). Besides the thresholds: 0 lost, 0
   * duplicated, lag 0 at the end of the step.
   */
  public List<String> missed(
      double offeredPerSec,
      double acceptedPerSec,
      double acceptP99,
      double decisionP99,
      long due,
      long errors,
      long lost,
      long duplicated,
      long lagAtEnd,
      long accepted) {
    List<String> missed = new ArrayList<>();
    if (accepted == 0) {
      missed.add("nothing accepted");
    }
    if (acceptedPerSec < minAcceptedShare * offeredPerSec) {
      missed.add(
          fmt(
              "accepted %.1f/s < %.0f%% of %.0f/s offered",
              acceptedPerSec, minAcceptedShare * 100, offeredPerSec));
    }
    if (acceptP99 > acceptP99Ms) {
      missed.add(fmt("accept p99 %.0f ms > %.0f ms", acceptP99, acceptP99Ms));
    }
    if (decisionP99 > decisionP99Ms) {
      missed.add(fmt("decision p99 %.0f ms > %.0f ms", decisionP99, decisionP99Ms));
    }
    if (due > 0 && errors > maxErrorShare * due) {
      missed.add(fmt("%d errors of %d requests", errors, due));
    }
    if (lost > 0) {
      missed.add(lost + " lost");
    }
    if (duplicated > 0) {
      missed.add(duplicated + " duplicated");
    }
    if (lagAtEnd > 0) {
      missed.add("lag " + lagAtEnd + " at the end");
    }
    return missed;
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
