package io.paystream.benefit.tip;

import io.paystream.benefit.catalog.CardProduct;
import io.paystream.benefit.catalog.Catalog;
import io.paystream.benefit.catalog.MccGroup;
import io.paystream.benefit.earning.BenefitEvaluator;
import io.paystream.benefit.earning.Earning;
import io.paystream.benefit.earning.Purchase;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * "Which of your cards would have earned more": evaluates the card used, every other card the
 * customer holds (with what each already used of its caps this month) and every publicly offered
 * catalog product they hold no card of (as a new card: nothing used).
 */
public final class TipAdvisor {

  private final Catalog catalog;

  public TipAdvisor(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The comparison for one payment.
   *
   * @param used the card used
   * @param others the customer's other active cards
   * @param usage reward units used this calendar month per card and rule
   */
  public TipAssessment assess(
      Purchase purchase, HeldCard used, List<HeldCard> others, MonthlyUsage usage) {
    Optional<MccGroup> group = catalog.groupOf(purchase.mcc());
    CardEarning usedEarning = new CardEarning(used, earn(used, purchase, group, usage));
    Set<String> heldProducts = new HashSet<>();
    if (used.product() != null) {
      heldProducts.add(used.product().code());
    }
    others.stream()
        .filter(c -> c.product() != null)
        .forEach(c -> heldProducts.add(c.product().code()));
    List<CardEarning> otherEarnings =
        others.stream()
            .filter(c -> !c.cardToken().equals(used.cardToken()))
            .map(c -> new CardEarning(c, earn(c, purchase, group, usage)))
            .sorted(
                Comparator.comparingLong((CardEarning c) -> c.earning().valueMinor())
                    .reversed()
                    .thenComparing(c -> c.card().cardToken()))
            .toList();
    Optional<ProductEarning> bestCatalog =
        catalog.products().stream()
            .filter(CardProduct::publiclyOffered)
            .filter(p -> !heldProducts.contains(p.code()))
            .map(
                p ->
                    new ProductEarning(
                        p,
                        BenefitEvaluator.evaluate(
                            p, catalog.rulesOf(p.code()), purchase, group, rule -> 0L)))
            .filter(p -> p.earning().valueMinor() > 0)
            .max(
                Comparator.comparingLong((ProductEarning p) -> p.earning().valueMinor())
                    .thenComparing(p -> p.product().code(), Comparator.reverseOrder()));
    return new TipAssessment(usedEarning, otherEarnings, bestCatalog);
  }

  private Earning earn(
      HeldCard card, Purchase purchase, Optional<MccGroup> group, MonthlyUsage usage) {
    CardProduct product = card.product();
    if (product == null) {
      return Earning.none(null);
    }
    return BenefitEvaluator.evaluate(
        product,
        catalog.rulesOf(product.code()),
        purchase,
        group,
        ruleId -> usage.used(card.cardToken(), ruleId));
  }

  /** Reward units already paid this calendar month, by card and rule. */
  @FunctionalInterface
  public interface MonthlyUsage {

    /** Units rule {@code ruleId} paid card {@code cardToken} this month (0 if none). */
    long used(String cardToken, long ruleId);
  }
}
