package io.paystream.simulator.chaos;

/**
 * Time to recover: how long after a fault began the throughput was back to {@value #SHARE} of the
 * baseline for good. Pure arithmetic over per-second counts, so the rule is tested on its own.
 *
 * <p>Rule: a 3-second moving average of the counts; recovered at the first second {@code t ≥
 * faultStart} from which that average stays at or above {@code SHARE × baseline} for {@value
 * #HOLD_SECONDS} consecutive seconds. A fault that never pushed the average below the line recovers
 * in 0 s.
 */
final class Recovery {

  /** "Back to 90 %". */
  static final double SHARE = 0.9;

  /** How long the average must hold before the throughput counts as recovered. */
  static final int HOLD_SECONDS = 5;

  private Recovery() {}

  /** The mean of {@code perSecond[from, to)} (0 when empty). */
  static double mean(long[] perSecond, int from, int to) {
    int a = Math.max(0, from);
    int b = Math.min(perSecond.length, to);
    if (b <= a) {
      return 0;
    }
    double sum = 0;
    for (int i = a; i < b; i++) {
      sum += perSecond[i];
    }
    return sum / (b - a);
  }

  /**
   * Seconds from {@code faultStart} until recovered, or {@code null} when the series ends first.
   *
   * @param perSecond counts per second since the scenario's load started
   * @param baseline the normal rate, per second
   * @param faultStart index of the second the fault was injected
   */
  static Double seconds(long[] perSecond, double baseline, int faultStart) {
    if (baseline <= 0) {
      return null;
    }
    double line = SHARE * baseline;
    int held = 0;
    for (int t = faultStart; t < perSecond.length - 1; t++) {
      double avg = mean(perSecond, t - 1, t + 2);
      held = avg >= line ? held + 1 : 0;
      if (held >= HOLD_SECONDS) {
        return (double) (t - HOLD_SECONDS + 1 - faultStart);
      }
    }
    return null;
  }
}
