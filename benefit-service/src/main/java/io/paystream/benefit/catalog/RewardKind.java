package io.paystream.benefit.catalog;

/** What a card product pays its benefit in. */
public enum RewardKind {
  /** Cash back: one reward unit is one minor unit of the product's currency. */
  CASHBACK,
  /**
   * Points: one reward unit is one point, worth {@code CardProduct.pointValueMilli} / 1000 minor.
   */
  POINTS
}
