package io.paystream.benefit.tip;

import io.paystream.benefit.earning.Purchase;

/**
 * When a difference is worth a tip.
 *
 * <ul>
 *   <li>No tip for a refund (amount &le; 0) or a payment under {@code floorMinor}.
 *   <li>Margin = max({@code floor(amount × marginBp / 10 000)}, {@code minMarginMinor}): with the
 *       defaults (100 bp, 50) the larger of 1 % of the amount and 0.50.
 *   <li>If the best other held card earns at least the margin more than the card used: {@link
 *       TipKind#BETTER_CARD}. Otherwise, if the best product not held earns at least the margin
 *       more than the best held card (used or other; a suggestion is not made when a card already
 *       in the wallet does as well): {@link TipKind#PRODUCT_SUGGESTION}.
 * </ul>
 *
 * The throttle (one tip per customer, MCC group and week) is applied afterwards, against the tips
 * already sent ({@link TipThrottle}).
 *
 * @param marginBp relative margin in basis points of the amount
 * @param minMarginMinor absolute margin floor, minor units
 * @param floorMinor payments under this amount (minor units) get no tip
 */
public record TipPolicy(int marginBp, long minMarginMinor, long floorMinor) {

  public TipPolicy {
    if (marginBp < 0 || minMarginMinor < 0 || floorMinor < 0) {
      throw new IllegalArgumentException("margin and floor must be >= 0");
    }
  }

  /** The margin for a payment of {@code amountMinor}, rounded down (see class doc). */
  public long marginFor(long amountMinor) {
    long relative = Math.multiplyExact(Math.max(0, amountMinor), (long) marginBp) / 10_000;
    return Math.max(relative, minMarginMinor);
  }

  /** The decision for {@code purchase} given the comparison. */
  public TipDecision decide(Purchase purchase, TipAssessment assessment) {
    long margin = marginFor(purchase.amountMinor());
    if (purchase.amountMinor() <= 0) {
      return TipDecision.none(NoTipReason.REFUND, margin);
    }
    if (purchase.amountMinor() < floorMinor) {
      return TipDecision.none(NoTipReason.BELOW_FLOOR, margin);
    }
    long used = assessment.usedValueMinor();
    var other = assessment.bestOther();
    if (other.isPresent()) {
      long diff = other.get().earning().valueMinor() - used;
      if (diff > 0 && diff >= margin) {
        return new TipDecision(
            TipKind.BETTER_CARD, NoTipReason.NONE, other.get(), null, diff, margin);
      }
    }
    var catalog = assessment.bestCatalog();
    if (catalog.isPresent()) {
      long diff = catalog.get().earning().valueMinor() - assessment.bestHeldValueMinor();
      if (diff > 0 && diff >= margin) {
        return new TipDecision(
            TipKind.PRODUCT_SUGGESTION, NoTipReason.NONE, null, catalog.get(), diff, margin);
      }
    }
    return TipDecision.none(NoTipReason.NOTHING_BETTER, margin);
  }
}
