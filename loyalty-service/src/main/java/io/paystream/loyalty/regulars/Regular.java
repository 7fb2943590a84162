package io.paystream.loyalty.regulars;

import java.time.Instant;

/**
 * One of a merchant's regular customers, as the merchant sees them (no contact details).
 *
 * @param customerId customer id
 * @param maskedName masked name ({@link NameMasker})
 * @param visits counted visits at this merchant
 * @param vip whether the customer is VIP here
 * @param firstVisitAt event time of the first counted visit
 * @param lastVisitAt event time of the last counted visit
 */
public record Regular(
    String customerId,
    String maskedName,
    int visits,
    boolean vip,
    Instant firstVisitAt,
    Instant lastVisitAt) {}
