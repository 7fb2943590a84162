package io.paystream.benefit.earning;

import io.paystream.benefit.catalog.BenefitRule;
import io.paystream.benefit.catalog.CardProduct;
import io.paystream.benefit.catalog.MccGroup;
import io.paystream.benefit.catalog.RewardKind;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Evaluates a product's benefit rules on a purchase. Rules do not stack: every rule that applies
 * (valid on the purchase date, matching MCC, group or every purchase, minimum spend reached, same
 * currency) is evaluated with what is left of its monthly cap, and the one worth most pays; on a
 * tie the more specific rule (MCC, then group, then everything) wins. So a card with "5 % at
 * grocery up to 1 500 a month, 1 % everywhere" earns 1 % at grocery once the 5 % cap is used up.
 *
 * <p>Money is exact integer arithmetic in {@code long} minor units. Every division rounds down
 * ({@link java.math.RoundingMode#DOWN}; amounts here are never negative, so it is also FLOOR):
 * issuers credit whole cents and points and do not round a fraction up, a tip must never promise
 * more than a card pays, and the same rule for every card keeps the comparison fair. Overflow
 * throws {@link ArithmeticException} instead of wrapping.
 */
public final class BenefitEvaluator {

  private BenefitEvaluator() {}

  /**
   * The benefit of {@code product} on {@code purchase}.
   *
   * @param rules the product's rules
   * @param group the purchase's MCC group, if any
   * @param usedUnits reward units a rule (by id) already paid this card this calendar month
   */
  public static Earning evaluate(
      CardProduct product,
      List<BenefitRule> rules,
      Purchase purchase,
      Optional<MccGroup> group,
      ToLongFunction<Long> usedUnits) {
    if (product == null) {
      return Earning.none(null);
    }
    if (purchase.amountMinor() <= 0 || !product.currency().equals(purchase.currency())) {
      return Earning.none(product.code());
    }
    String groupCode = group.map(MccGroup::code).orElse(null);
    Earning best = Earning.none(product.code());
    int bestSpecificity = 0;
    for (BenefitRule rule : rules) {
      int specificity = rule.specificity(purchase.mcc(), groupCode);
      if (specificity == 0
          || !rule.validOn(purchase.date())
          || (rule.minSpendMinor() != null && purchase.amountMinor() < rule.minSpendMinor())) {
        continue;
      }
      long raw =
          rule.rateBp() != null
              ? Math.multiplyExact(purchase.amountMinor(), (long) rule.rateBp()) / 10_000
              : rule.fixedUnits();
      long units = raw;
      boolean capped = false;
      if (rule.monthlyCapUnits() != null) {
        long left = Math.max(0, rule.monthlyCapUnits() - usedUnits.applyAsLong(rule.id()));
        if (raw > left) {
          units = left;
          capped = true;
        }
      }
      long value = valueOf(product, units);
      if (value > best.valueMinor()
          || (value == best.valueMinor() && value > 0 && specificity > bestSpecificity)) {
        best = new Earning(product.code(), rule.id(), units, value, capped);
        bestSpecificity = specificity;
      }
    }
    return best;
  }

  /** Minor units that {@code units} reward units of {@code product} are worth, rounded down. */
  public static long valueOf(CardProduct product, long units) {
    if (product.rewardKind() == RewardKind.CASHBACK) {
      return units;
    }
    return Math.multiplyExact(units, product.pointValueMilli()) / 1000;
  }
}
