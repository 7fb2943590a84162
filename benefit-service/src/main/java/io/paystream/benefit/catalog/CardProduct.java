package io.paystream.benefit.catalog;

import io.paystream.contracts.event.CardType;
import java.util.Objects;

/**
 * A card product of the benefit catalog (fictional issuers).
 *
 * @param code catalog product code, e.g. {@code NORTHWIND-GROCER-CASH}
 * @param issuer issuer name
 * @param name marketing name, shown in suggestions
 * @param brand card scheme ({@code Visa}, {@code Mastercard}, {@code Amex}, {@code Discover})
 * @param type funding type
 * @param rewardKind cash back or points
 * @param pointValueMilli value of one reward unit in thousandths of a minor unit: 1000 for cash
 *     back (one unit = one minor unit), e.g. 1250 for points worth 1.25 cents each
 * @param currency ISO 4217 currency of the product's amounts (fees, caps, minimum spend, fixed
 *     amounts); only payments in this currency earn
 * @param annualFeeMinor annual fee in minor units of {@code currency}
 * @param publiclyOffered whether it may be suggested to customers who do not hold it
 */
public record CardProduct(
    String code,
    String issuer,
    String name,
    String brand,
    CardType type,
    RewardKind rewardKind,
    long pointValueMilli,
    String currency,
    long annualFeeMinor,
    boolean publiclyOffered) {

  public CardProduct {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(brand, "brand");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(rewardKind, "rewardKind");
    Objects.requireNonNull(currency, "currency");
    if (pointValueMilli < 0 || annualFeeMinor < 0) {
      throw new IllegalArgumentException("pointValueMilli and annualFeeMinor must be >= 0");
    }
    if (rewardKind == RewardKind.CASHBACK && pointValueMilli != 1000) {
      throw new IllegalArgumentException("a cash-back product's unit is one minor unit (1000)");
    }
  }
}
