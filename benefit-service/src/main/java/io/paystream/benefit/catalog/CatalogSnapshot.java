package io.paystream.benefit.catalog;

import java.util.List;

/**
 * The whole benefit catalog as plain lists: what is loaded from PostgreSQL, cached in Redis as JSON
 * and indexed by {@link Catalog}.
 *
 * @param groups MCC groups
 * @param products card products
 * @param rules benefit rules of all products
 * @param mappings registry product and brand + type mappings
 */
public record CatalogSnapshot(
    List<MccGroup> groups,
    List<CardProduct> products,
    List<BenefitRule> rules,
    List<ProductMapping> mappings) {

  public CatalogSnapshot {
    groups = List.copyOf(groups);
    products = List.copyOf(products);
    rules = List.copyOf(rules);
    mappings = List.copyOf(mappings);
  }
}
