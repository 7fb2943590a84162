package io.paystream.benefit.earning;

/**
 * The benefit one product earns on one purchase.
 *
 * @param productCode the product, or {@code null} when the card maps to no catalog product
 * @param ruleId the rule that paid, or {@code null} when nothing was earned
 * @param units reward units earned (minor units for cash back, points for points), after the cap
 * @param valueMinor what they are worth in minor units of the purchase currency, rounded down
 * @param capped whether the monthly cap cut the amount
 */
public record Earning(
    String productCode, Long ruleId, long units, long valueMinor, boolean capped) {

  /** Nothing earned. */
  public static Earning none(String productCode) {
    return new Earning(productCode, null, 0, 0, false);
  }
}
