package io.paystream.benefit.config;

import io.paystream.benefit.tip.TipPolicy;
import io.paystream.benefit.tip.TipThrottle;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * benefit-service settings ({@code benefit.*}).
 *
 * @param tip when a payment earns a tip
 */
@Validated
@ConfigurationProperties("benefit")
public record BenefitProperties(@DefaultValue @NotNull Tip tip) {

  /**
   * Tip rules.
   *
   * @param marginBp relative margin: another card must earn at least this many basis points of the
   *     amount more; default 100 (1 %)
   * @param minMarginMinor absolute margin floor in minor units; default 50 (0.50)
   * @param floorMinor payments under this amount (minor units) get no tip; default 1000 (10.00)
   * @param throttleWindow at most one tip per customer and MCC group within this much event time;
   *     default 7 days
   * @param suggestionWindow on top of the throttle, at most one {@code product-suggestion} (a card
   *     the customer does not hold) per customer within this much event time, whatever the MCC
   *     group: a suggestion is softer than a better-card tip and should not repeat weekly; default
   *     30 days
   * @param activeCardWindow a known card counts as held when it was used within this much event
   *     time before the payment (and first used before it); default 365 days
   */
  public record Tip(
      @DefaultValue("100") @Min(0) int marginBp,
      @DefaultValue("50") @Min(0) long minMarginMinor,
      @DefaultValue("1000") @Min(0) long floorMinor,
      @DefaultValue("7d") @NotNull Duration throttleWindow,
      @DefaultValue("30d") @NotNull Duration suggestionWindow,
      @DefaultValue("365d") @NotNull Duration activeCardWindow) {

    /** The domain policy. */
    public TipPolicy policy() {
      return new TipPolicy(marginBp, minMarginMinor, floorMinor);
    }

    /** The domain throttle. */
    public TipThrottle throttle() {
      return new TipThrottle(throttleWindow);
    }
  }
}
