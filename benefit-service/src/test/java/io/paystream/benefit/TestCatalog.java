package io.paystream.benefit;

import io.paystream.benefit.catalog.BenefitRule;
import io.paystream.benefit.catalog.CardProduct;
import io.paystream.benefit.catalog.Catalog;
import io.paystream.benefit.catalog.CatalogSnapshot;
import io.paystream.benefit.catalog.MccGroup;
import io.paystream.benefit.catalog.MccRange;
import io.paystream.benefit.catalog.ProductMapping;
import io.paystream.benefit.catalog.RewardKind;
import io.paystream.contracts.event.CardType;
import java.time.LocalDate;
import java.util.List;

/** A small catalog for unit tests, built in code (the seed catalog lives in the migration). */
public final class TestCatalog {

  public static final MccGroup GROCERY =
      new MccGroup(
          "grocery",
          "Grocery",
          List.of(
              new MccRange(5411, 5411),
              new MccRange(5422, 5422),
              new MccRange(5441, 5441),
              new MccRange(5451, 5451),
              new MccRange(5499, 5499)));
  public static final MccGroup FUEL =
      new MccGroup("fuel", "Fuel", List.of(new MccRange(5541, 5542)));
  public static final MccGroup TRAVEL =
      new MccGroup(
          "travel",
          "Travel",
          List.of(
              new MccRange(3000, 3299),
              new MccRange(4511, 4511),
              new MccRange(4722, 4722),
              new MccRange(7011, 7011)));

  /** 5 % grocery, capped at 15.00 a month; 1 % everything. */
  public static final CardProduct GROCER = cash("GROCER", "Visa", CardType.CREDIT);

  /** 1.5 % everything. */
  public static final CardProduct FLAT = cash("FLAT", "Mastercard", CardType.DEBIT);

  /** 3 points per dollar on travel, 1 per dollar everything; points worth 1.25 cents. */
  public static final CardProduct MILES =
      new CardProduct(
          "MILES",
          "Skyway",
          "Skyway Miles",
          "Amex",
          CardType.CREDIT,
          RewardKind.POINTS,
          1250,
          "USD",
          9500,
          true);

  /** 4 % fuel, only in 2026; not held by anyone in tests; publicly offered. */
  public static final CardProduct FUELER = cash("FUELER", "Discover", CardType.CREDIT);

  public static final List<BenefitRule> RULES =
      List.of(
          rate(1, "GROCER", null, "grocery", 500, 1_500L, null, null, null),
          rate(2, "GROCER", null, null, 100, null, null, null, null),
          rate(3, "FLAT", null, null, 150, null, null, null, null),
          rate(4, "MILES", null, "travel", 300, null, null, null, null),
          rate(5, "MILES", null, null, 100, null, null, null, null),
          rate(
              6,
              "FUELER",
              null,
              "fuel",
              400,
              null,
              null,
              LocalDate.of(2026, 1, 1),
              LocalDate.of(2026, 12, 31)));

  private TestCatalog() {}

  public static Catalog catalog() {
    return Catalog.of(
        new CatalogSnapshot(
            List.of(GROCERY, FUEL, TRAVEL),
            List.of(GROCER, FLAT, MILES, FUELER),
            RULES,
            List.of(
                new ProductMapping("ISSUER-GROCERY-PLAT", null, null, "GROCER"),
                new ProductMapping(null, "Mastercard", CardType.DEBIT, "FLAT"))));
  }

  public static CardProduct cash(String code, String brand, CardType type) {
    return new CardProduct(
        code, "Test Bank", code + " card", brand, type, RewardKind.CASHBACK, 1000, "USD", 0, true);
  }

  public static BenefitRule rate(
      long id,
      String product,
      String mcc,
      String group,
      int bp,
      Long cap,
      Long minSpend,
      LocalDate from,
      LocalDate to) {
    return new BenefitRule(id, product, mcc, group, bp, null, cap, minSpend, from, to, null);
  }
}
