package io.paystream.fds.travel;

import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.TravelAssessment;
import io.paystream.fds.geo.GreatCircle;
import java.time.Duration;
import java.time.Instant;

/**
 * The travel between a card's neighbouring located payment and the payment being decided.
 *
 * @param neighbour the located payment compared against (the latest one at or before this payment's
 *     event time, or the earliest after it when this payment is older than every known one)
 * @param distanceKm haversine distance minus both accuracy radii, floored at 0, in km
 * @param gap absolute event-time gap between the two payments
 * @param speedKmh {@code distanceKm} over the gap in km/h; {@link Double#MAX_VALUE} for a positive
 *     distance with a zero gap, 0 for a zero distance
 * @param fromCountry ISO 3166-1 alpha-2 country of the earlier of the two places
 * @param toCountry ISO 3166-1 alpha-2 country of the later of the two places
 */
public record TravelLeg(
    LocatedPayment neighbour,
    double distanceKm,
    Duration gap,
    double speedKmh,
    String fromCountry,
    String toCountry) {

  /**
   * Measures the leg between {@code neighbour} and a payment at {@code location}, {@code
   * occurredAt}.
   */
  public static TravelLeg between(
      LocatedPayment neighbour, GeoLocation location, Instant occurredAt) {
    GeoLocation other = neighbour.location();
    double centreKm =
        GreatCircle.distanceKm(other.lat(), other.lon(), location.lat(), location.lon());
    double distanceKm = Math.max(0.0, centreKm - other.accuracyKm() - location.accuracyKm());
    Duration gap = Duration.between(neighbour.occurredAt(), occurredAt).abs();
    double hours = gap.toNanos() / 3_600_000_000_000.0;
    double speedKmh;
    if (distanceKm == 0.0) {
      speedKmh = 0.0;
    } else if (hours == 0.0) {
      speedKmh = Double.MAX_VALUE;
    } else {
      speedKmh = distanceKm / hours;
    }
    boolean neighbourFirst = !neighbour.occurredAt().isAfter(occurredAt);
    String from = neighbourFirst ? other.country() : location.country();
    String to = neighbourFirst ? location.country() : other.country();
    return new TravelLeg(neighbour, distanceKm, gap, speedKmh, from, to);
  }

  /** The figures as carried by {@code payment.decided.v1}. */
  public TravelAssessment toAssessment() {
    return new TravelAssessment(distanceKm, speedKmh, gap.toSeconds(), fromCountry, toCountry);
  }
}
