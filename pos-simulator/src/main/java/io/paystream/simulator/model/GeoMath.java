package io.paystream.simulator.model;

import io.paystream.contracts.event.GeoLocation;

/** Great-circle geometry for the generator and the travel checks. */
public final class GeoMath {

  /** Mean Earth radius in km (IUGG), as used by the haversine formula. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  private GeoMath() {}

  /**
   * Haversine great-circle distance in km between two points (R. W. Sinnott, "Virtues of the
   * Haversine", Sky and Telescope 68(2), 1984).
   */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double a =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** Distance in km between two locations, ignoring their accuracy radii. */
  public static double distanceKm(GeoLocation a, GeoLocation b) {
    return distanceKm(a.lat(), a.lon(), b.lat(), b.lon());
  }
}
