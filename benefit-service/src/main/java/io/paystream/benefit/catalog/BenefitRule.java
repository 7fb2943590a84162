package io.paystream.benefit.catalog;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One benefit of a card product: a rate or a fixed amount on a merchant category code, an MCC group
 * or (neither given) every purchase. Amounts are in the product's reward units: minor units for
 * cash back, points for points products.
 *
 * <p>Earned units for a payment of {@code amountMinor}: {@code floor(amountMinor × rateBp / 10
 * 000)} for a rate (so 150 bp = 1.5 % cash back; for points 300 bp = 3 points per 100 minor units,
 * i.e. 3 points per dollar), or {@code fixedUnits} per payment; then limited by what is left of
 * {@code monthlyCapUnits} this calendar month. Nothing is earned below {@code minSpendMinor} or
 * outside the validity dates.
 *
 * @param id rule id
 * @param productCode the product it belongs to
 * @param mcc a single four-digit MCC, or {@code null}
 * @param mccGroup an {@link MccGroup} code, or {@code null}; not together with {@code mcc}
 * @param rateBp earn rate in basis points of the amount, or {@code null} when fixed
 * @param fixedUnits fixed reward units per payment, or {@code null} when a rate
 * @param monthlyCapUnits most reward units this rule pays per card and calendar month, or {@code
 *     null} for no cap
 * @param minSpendMinor smallest payment amount (minor units) that earns, or {@code null}
 * @param validFrom first day it applies (payment's local date), or {@code null}
 * @param validTo last day it applies, inclusive, or {@code null}
 * @param description short text, e.g. {@code 5% back at grocery stores}
 */
public record BenefitRule(
    long id,
    String productCode,
    String mcc,
    String mccGroup,
    Integer rateBp,
    Long fixedUnits,
    Long monthlyCapUnits,
    Long minSpendMinor,
    LocalDate validFrom,
    LocalDate validTo,
    String description) {

  /** Highest accepted rate: 100 000 bp = 10 reward units per minor unit (10 points per cent). */
  public static final int MAX_RATE_BP = 100_000;

  public BenefitRule {
    Objects.requireNonNull(productCode, "productCode");
    if ((rateBp == null) == (fixedUnits == null)) {
      throw new IllegalArgumentException("a rule has either rateBp or fixedUnits");
    }
    if (rateBp != null && (rateBp < 0 || rateBp > MAX_RATE_BP)) {
      throw new IllegalArgumentException("rateBp must be 0.." + MAX_RATE_BP);
    }
    if (fixedUnits != null && fixedUnits < 0) {
      throw new IllegalArgumentException("fixedUnits must be >= 0");
    }
    if (mcc != null && mccGroup != null) {
      throw new IllegalArgumentException("a rule targets an MCC or an MCC group, not both");
    }
    if (mcc != null && !mcc.matches("[0-9]{4}")) {
      throw new IllegalArgumentException("mcc must be four digits");
    }
    if (monthlyCapUnits != null && monthlyCapUnits < 0) {
      throw new IllegalArgumentException("monthlyCapUnits must be >= 0");
    }
    if (minSpendMinor != null && minSpendMinor < 0) {
      throw new IllegalArgumentException("minSpendMinor must be >= 0");
    }
    if (validFrom != null && validTo != null && validTo.isBefore(validFrom)) {
      throw new IllegalArgumentException("validTo is before validFrom");
    }
  }

  /** Whether the rule applies on {@code date} (inclusive bounds, open when null). */
  public boolean validOn(LocalDate date) {
    return (validFrom == null || !date.isBefore(validFrom))
        && (validTo == null || !date.isAfter(validTo));
  }

  /**
   * How specifically the rule targets a purchase: 3 for its exact MCC, 2 for its group, 1 for a
   * rule on every purchase, 0 when it does not apply to it.
   *
   * @param mcc the purchase's four-digit MCC
   * @param groupCode the purchase's MCC group code, or {@code null}
   */
  public int specificity(String mcc, String groupCode) {
    if (this.mcc != null) {
      return this.mcc.equals(mcc) ? 3 : 0;
    }
    if (this.mccGroup != null) {
      return this.mccGroup.equals(groupCode) ? 2 : 0;
    }
    return 1;
  }
}
