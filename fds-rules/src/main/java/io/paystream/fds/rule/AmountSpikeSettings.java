package io.paystream.fds.rule;

/**
 * Thresholds of the amount-spike rule: a payment whose amount is more than {@code multiplier} times
 * the median of the card's recent payments in the same currency is held for verification, once the
 * card has at least {@code minSamples} of them.
 *
 * @param enabled whether the rule runs
 * @param multiplier how many times the typical (median) amount is still normal, &gt; 1 (default 10)
 * @param minSamples recent same-currency payments needed before the rule judges, ≥ 1 (default 5)
 */
public record AmountSpikeSettings(boolean enabled, double multiplier, int minSamples) {

  /** The defaults: on, 10× the median of at least 5 payments. */
  public static final AmountSpikeSettings DEFAULTS = new AmountSpikeSettings(true, 10.0, 5);

  public AmountSpikeSettings {
    if (!(multiplier > 1.0)) {
      throw new IllegalArgumentException("multiplier must be > 1: " + multiplier);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be >= 1: " + minSamples);
    }
  }
}
