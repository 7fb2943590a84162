package io.paystream.loyalty.membership;

import io.paystream.loyalty.policy.LoyaltyPolicy;

/**
 * When a counted visit makes a customer VIP at a merchant. VIP is granted once per (customer,
 * merchant) and never revoked: a later compensation that drops the count below the threshold leaves
 * the membership in place (the customer was told; taking it back would be worse than one undeserved
 * benefit). Before the grant, a compensation does lower the count, so a customer pushed under the
 * threshold by a declined payment is not VIP until a further visit crosses it again.
 */
public final class VipRule {

  private VipRule() {}

  /**
   * @param policy the merchant's policy
   * @param alreadyVip whether the customer already holds a membership at the merchant
   * @param visitsInWindow counted visits (not taken back) that fall inside the policy's window
   *     ending at this visit, or all counted visits when the policy has no window
   * @return {@code true} if this visit grants VIP
   */
  public static boolean grants(LoyaltyPolicy policy, boolean alreadyVip, long visitsInWindow) {
    return !alreadyVip && policy.reachesVip(visitsInWindow);
  }
}
