package io.paystream.simulator.check;

import io.paystream.contracts.event.GeoLocation;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.GeoMath;
import io.paystream.simulator.model.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The impossible-travel pairs fds-service should hold, computed from the replayed transactions. A
 * mirror of fds-service's {@code ImpossibleTravelRule} (see docs/services/fds-service.md,
 * "Decision"):
 *
 * <ul>
 *   <li>only card-present payments with a location count (ONLINE ones neither trigger nor move the
 *       card's location);
 *   <li>a payment is compared with the card's latest <em>located</em> payment at or before it in
 *       event time — located = approved, or held and then verified by the cardholder; a held
 *       payment that is denied or expires does not move the card;
 *   <li>distance = haversine distance (mean Earth radius 6371.0088 km) minus both accuracy radii,
 *       floored at 0; speed = distance over the event-time gap (a positive distance over a zero gap
 *       is infinitely fast);
 *   <li>held when distance &gt; {@code minDistanceKm} <b>and</b> speed &gt; {@code maxSpeedKmh}
 *       (fds-service defaults {@code fds.rules.impossible-travel.min-distance-km = 500}, {@code
 *       max-speed-kmh = 900}).
 * </ul>
 *
 * <p>Replay sends each card's payments in event-time order, so "latest at or before" is the latest
 * one already seen. Which payments end up located is a question of outcomes: the caller says it
 * with a {@link Locates}.
 */
public final class ImpossibleTravel {

  /**
   * The rule's thresholds.
   *
   * @param maxSpeedKmh speed in km/h above which travel is impossible, &gt; 0
   * @param minDistanceKm distance in km (after both radii) the travel must exceed, ≥ 0
   */
  public record Settings(double maxSpeedKmh, double minDistanceKm) {

    /** fds-service's defaults: 900 km/h, 500 km. */
    public static final Settings FDS_DEFAULTS = new Settings(900, 500);

    public Settings {
      if (!(maxSpeedKmh > 0) || !(minDistanceKm >= 0)) {
        throw new IllegalArgumentException("maxSpeedKmh must be > 0 and minDistanceKm >= 0");
      }
    }
  }

  /**
   * Travel between two located payments of one card.
   *
   * @param from the earlier (located) payment
   * @param to the later payment
   * @param distanceKm haversine distance minus both accuracy radii, floored at 0, km
   * @param gap event-time gap, never negative
   * @param speedKmh {@code distanceKm} per hour of {@code gap}; {@link Double#POSITIVE_INFINITY}
   *     for a positive distance over a zero gap, 0 for a zero distance
   */
  public record Leg(
      Transaction from, Transaction to, double distanceKm, Duration gap, double speedKmh) {

    /** {@code true} when fds-service with {@code settings} holds {@link #to()}. */
    public boolean impossible(Settings settings) {
      return distanceKm > settings.minDistanceKm() && speedKmh > settings.maxSpeedKmh();
    }
  }

  /** Whether a payment moves its card's location (becomes "located"). */
  @FunctionalInterface
  public interface Locates {

    /**
     * @param payment a card-present payment with a location
     * @param heldForTravel {@code true} when this payment is itself an impossible-travel hold
     */
    boolean locates(Transaction payment, boolean heldForTravel);
  }

  /**
   * What the ground truth predicts: an unheld payment is approved; a held one is verified (located)
   * when it is genuine, denied (not located) when it is labelled fraud.
   */
  public static final Locates BY_LABEL = (payment, held) -> !held || !payment.fraud();

  private ImpossibleTravel() {}

  /**
   * Measures the leg between two payments.
   *
   * @throws IllegalArgumentException when either has no location
   */
  public static Leg leg(Transaction from, Transaction to) {
    GeoLocation a = from.location();
    GeoLocation b = to.location();
    if (a == null || b == null) {
      throw new IllegalArgumentException("both payments need a location");
    }
    double distance = Math.max(0.0, GeoMath.distanceKm(a, b) - a.accuracyKm() - b.accuracyKm());
    Duration gap = Duration.between(from.occurredAt(), to.occurredAt()).abs();
    double hours = gap.toNanos() / 3_600_000_000_000.0;
    double speed;
    if (distance == 0.0) {
      speed = 0.0;
    } else if (hours == 0.0) {
      speed = Double.POSITIVE_INFINITY;
    } else {
      speed = distance / hours;
    }
    return new Leg(from, to, distance, gap, speed);
  }

  /**
   * Every impossible-travel leg in {@code payments}: per card, in event-time order ({@link
   * Dataset#EVENT_TIME}), each located card-present payment against the card's latest located one.
   *
   * @param payments the replayed payments (any order, any cards)
   * @param settings thresholds
   * @param locates which payments move their card's location
   * @return the held legs, in event-time order of their later payment
   */
  public static List<Leg> pairs(List<Transaction> payments, Settings settings, Locates locates) {
    Map<String, Transaction> lastLocated = new LinkedHashMap<>();
    List<Leg> legs = new ArrayList<>();
    for (Transaction t : payments.stream().sorted(Dataset.EVENT_TIME).toList()) {
      if (!t.channel().cardPresent() || t.location() == null) {
        continue;
      }
      Transaction last = lastLocated.get(t.cardId());
      boolean held = false;
      if (last != null) {
        Leg leg = leg(last, t);
        if (leg.impossible(settings)) {
          legs.add(leg);
          held = true;
        }
      }
      if (locates.locates(t, held)) {
        lastLocated.put(t.cardId(), t);
      }
    }
    return legs;
  }
}
