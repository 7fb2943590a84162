package io.paystream.simulator.model;

import io.paystream.contracts.event.GeoLocation;
import io.paystream.fds.geo.GreatCircle;

/**
 * Great-circle distances for the generator and the travel checks: fds' own haversine ({@link
 * GreatCircle}), so the simulator measures travel exactly as fds-service decides on it.
 */
public final class GeoMath {

  private GeoMath() {}

  /** Great-circle distance in km between two points in degrees ({@link GreatCircle#distanceKm}). */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    return GreatCircle.distanceKm(lat1, lon1, lat2, lon2);
  }

  /** Distance in km between two locations, ignoring their accuracy radii. */
  public static double distanceKm(GeoLocation a, GeoLocation b) {
    return distanceKm(a.lat(), a.lon(), b.lat(), b.lon());
  }
}
