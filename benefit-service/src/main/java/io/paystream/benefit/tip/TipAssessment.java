package io.paystream.benefit.tip;

import io.paystream.benefit.earning.Earning;
import java.util.List;
import java.util.Optional;

/**
 * The comparison for one payment: the card used against every other active card of the customer and
 * the best catalog product they do not hold.
 *
 * @param used what the card used earned
 * @param others what each other held card would have earned, best first
 * @param bestCatalog the best product not held, if one earns anything
 */
public record TipAssessment(
    CardEarning used, List<CardEarning> others, Optional<ProductEarning> bestCatalog) {

  public TipAssessment {
    others = List.copyOf(others);
  }

  /** The best other held card, if any. */
  public Optional<CardEarning> bestOther() {
    return others.stream().findFirst();
  }

  /** The most any held card (including the one used) would have earned, in minor units. */
  public long bestHeldValueMinor() {
    return Math.max(
        used.earning().valueMinor(), bestOther().map(c -> c.earning().valueMinor()).orElse(0L));
  }

  /** The most any card, held or from the catalog, would have earned, in minor units. */
  public long bestPossibleValueMinor() {
    return Math.max(
        bestHeldValueMinor(), bestCatalog.map(p -> p.earning().valueMinor()).orElse(0L));
  }

  /** What the card used earned, in minor units. */
  public long usedValueMinor() {
    Earning e = used.earning();
    return e.valueMinor();
  }
}
