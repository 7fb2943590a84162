package io.paystream.loyalty.membership;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's VIP membership at a merchant.
 *
 * @param membershipId id of the membership (UUID), also the notification's dedup key suffix
 * @param customerId customer id
 * @param merchantId merchant id
 * @param grantedAt when it was granted (commit time of the crossing visit)
 * @param crossingPaymentId the payment whose visit reached the threshold
 * @param visitsAtGrant counted visits (inside the window, if any) at the grant
 * @param threshold the policy threshold at the grant
 * @param benefit the policy benefit text at the grant
 */
public record Membership(
    UUID membershipId,
    String customerId,
    String merchantId,
    Instant grantedAt,
    String crossingPaymentId,
    int visitsAtGrant,
    int threshold,
    String benefit) {}
