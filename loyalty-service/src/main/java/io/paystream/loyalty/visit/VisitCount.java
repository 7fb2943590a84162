package io.paystream.loyalty.visit;

import java.time.Instant;

/**
 * The visit count of a customer at a merchant, as cached in Redis and shown by the API.
 *
 * @param customerId customer id
 * @param merchantId merchant id
 * @param visits counted visits (requested, not taken back), ≥ 0
 * @param firstVisitAt event time of the earliest counted visit, {@code null} when none
 * @param lastVisitAt event time of the latest counted visit, {@code null} when none
 * @param vip whether the customer holds a VIP membership at the merchant
 */
public record VisitCount(
    String customerId,
    String merchantId,
    int visits,
    Instant firstVisitAt,
    Instant lastVisitAt,
    boolean vip) {}
