package io.paystream.contracts.event;

/**
 * The impossible-travel figures fds-service computed against the card's last card-present location.
 *
 * @param distanceKm great-circle (haversine) distance between the two places minus both accuracy
 *     radii, floored at 0, in km
 * @param speedKmh {@code distanceKm} over the event-time gap, in km/h ({@code Infinity} is never
 *     sent: a zero gap with a positive distance is reported as {@code gapSeconds = 0} and the
 *     largest finite speed)
 * @param gapSeconds event-time gap between the two payments, in seconds (≥ 0)
 * @param fromCountry ISO 3166-1 alpha-2 country of the previous location
 * @param toCountry ISO 3166-1 alpha-2 country of this payment's location
 */
public record TravelAssessment(
    double distanceKm, double speedKmh, long gapSeconds, String fromCountry, String toCountry) {}
