package io.paystream.fds.rule;

import io.paystream.fds.travel.ImpossibleTravelSettings;
import java.util.Objects;

/**
 * The thresholds of every rule, as in force at one moment.
 *
 * @param impossibleTravel impossible-travel rule
 * @param cardStatus blocked/suspended card rule
 * @param velocity velocity rule
 * @param amountSpike amount-spike rule
 */
public record RuleSettings(
    ImpossibleTravelSettings impossibleTravel,
    CardStatusSettings cardStatus,
    VelocitySettings velocity,
    AmountSpikeSettings amountSpike) {

  /** Every rule on with its default thresholds. */
  public static final RuleSettings DEFAULTS =
      new RuleSettings(
          ImpossibleTravelSettings.DEFAULTS,
          CardStatusSettings.DEFAULTS,
          VelocitySettings.DEFAULTS,
          AmountSpikeSettings.DEFAULTS);

  public RuleSettings {
    Objects.requireNonNull(impossibleTravel, "impossibleTravel");
    Objects.requireNonNull(cardStatus, "cardStatus");
    Objects.requireNonNull(velocity, "velocity");
    Objects.requireNonNull(amountSpike, "amountSpike");
  }
}
