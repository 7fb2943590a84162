package io.paystream.benefit.catalog;

import io.paystream.contracts.event.CardType;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The benefit catalog indexed for lookups during a payment. Immutable. */
public final class Catalog {

  private final CatalogSnapshot snapshot;
  private final Map<String, CardProduct> products;
  private final Map<String, List<BenefitRule>> rulesByProduct;
  private final Map<String, String> byRegistryProduct;
  private final Map<String, String> byBrandAndType;

  private Catalog(CatalogSnapshot snapshot) {
    this.snapshot = snapshot;
    this.products = new LinkedHashMap<>();
    snapshot.products().forEach(p -> products.put(p.code(), p));
    this.rulesByProduct =
        snapshot.rules().stream()
            .sorted(Comparator.comparingLong(BenefitRule::id))
            .collect(Collectors.groupingBy(BenefitRule::productCode));
    this.byRegistryProduct = new LinkedHashMap<>();
    this.byBrandAndType = new LinkedHashMap<>();
    for (ProductMapping m : snapshot.mappings()) {
      if (m.registryProductCode() != null) {
        byRegistryProduct.put(m.registryProductCode(), m.productCode());
      } else if (m.brand() != null && m.type() != null) {
        byBrandAndType.put(brandKey(m.brand(), m.type()), m.productCode());
      }
    }
  }

  /** Indexes a snapshot. */
  public static Catalog of(CatalogSnapshot snapshot) {
    return new Catalog(snapshot);
  }

  /** The snapshot this catalog indexes. */
  public CatalogSnapshot snapshot() {
    return snapshot;
  }

  /** The first MCC group (in catalog order) containing the four-digit {@code mcc}, if any. */
  public Optional<MccGroup> groupOf(String mcc) {
    int code;
    try {
      code = Integer.parseInt(mcc);
    } catch (NumberFormatException | NullPointerException e) {
      return Optional.empty();
    }
    return snapshot.groups().stream().filter(g -> g.contains(code)).findFirst();
  }

  /** The product with this catalog code. */
  public Optional<CardProduct> product(String code) {
    return Optional.ofNullable(code).map(products::get);
  }

  /** All products, in catalog order. */
  public List<CardProduct> products() {
    return snapshot.products();
  }

  /** The rules of a product (empty if none). */
  public List<BenefitRule> rulesOf(String productCode) {
    return rulesByProduct.getOrDefault(productCode, List.of());
  }

  /**
   * The catalog product of a registry card: its product code when the catalog has that code, else
   * the code's mapping, else the brand + type default.
   */
  public Optional<CardProduct> resolve(String registryProductCode, String brand, CardType type) {
    if (registryProductCode != null) {
      CardProduct direct = products.get(registryProductCode);
      if (direct != null) {
        return Optional.of(direct);
      }
      String mapped = byRegistryProduct.get(registryProductCode);
      if (mapped != null && products.containsKey(mapped)) {
        return Optional.of(products.get(mapped));
      }
    }
    if (brand == null || type == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byBrandAndType.get(brandKey(brand, type))).map(products::get);
  }

  private static String brandKey(String brand, CardType type) {
    return brand.trim().toLowerCase(Locale.ROOT) + "|" + type;
  }
}
