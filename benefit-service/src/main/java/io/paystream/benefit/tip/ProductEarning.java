package io.paystream.benefit.tip;

import io.paystream.benefit.catalog.CardProduct;
import io.paystream.benefit.earning.Earning;

/**
 * What a catalog product the customer does not hold would have earned (with nothing used yet).
 *
 * @param product the product
 * @param earning its benefit
 */
public record ProductEarning(CardProduct product, Earning earning) {}
