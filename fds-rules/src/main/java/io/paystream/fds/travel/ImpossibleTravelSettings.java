package io.paystream.fds.travel;

/**
 * Thresholds of the impossible-travel rule.
 *
 * @param enabled whether the rule runs at all
 * @param maxSpeedKmh speed in km/h above which travel between two card-present payments is deemed
 *     impossible (default 900, a commercial jet's cruise)
 * @param minDistanceKm distance in km (after subtracting both accuracy radii) the travel must
 *     exceed to count, so that nearby payments with imprecise fixes never trigger (default 500)
 */
public record ImpossibleTravelSettings(boolean enabled, double maxSpeedKmh, double minDistanceKm) {

  /** The defaults: on, 900 km/h, 500 km. */
  public static final ImpossibleTravelSettings DEFAULTS =
      new ImpossibleTravelSettings(true, 900.0, 500.0);

  public ImpossibleTravelSettings {
    if (!(maxSpeedKmh > 0)) {
      throw new IllegalArgumentException("maxSpeedKmh must be > 0: " + maxSpeedKmh);
    }
    if (!(minDistanceKm >= 0)) {
      throw new IllegalArgumentException("minDistanceKm must be >= 0: " + minDistanceKm);
    }
  }
}
