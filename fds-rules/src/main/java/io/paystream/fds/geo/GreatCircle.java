package io.paystream.fds.geo;

/**
 * Great-circle distance on a spherical Earth by the haversine formula.
 *
 * <p>Formula: R. W. Sinnott, "Virtues of the Haversine", <i>Sky and Telescope</i> 68(2), 159
 * (1984); as given in Ed Williams' Aviation Formulary and C. Veness, "Calculate distance, bearing
 * and more between Latitude/Longitude points" (movable-type.co.uk/scripts/latlong.html): {@code a =
 * sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2)}, {@code d = 2R · asin(√a)}. The spherical model errs
 * by at most about 0.5 % against the WGS84 ellipsoid, which is far below the accuracy radii the
 * impossible-travel rule subtracts.
 */
public final class GreatCircle {

  /**
   * Mean Earth radius R1 = (2a + b) / 3 of the GRS80 ellipsoid, 6371.0088 km, as recommended by the
   * IUGG (H. Moritz, "Geodetic Reference System 1980", Bulletin Géodésique 54, 1980).
   */
  public static final double MEAN_EARTH_RADIUS_KM = 6371.0088;

  private GreatCircle() {}

  /**
   * Haversine distance between two points given in degrees (WGS84 latitude -90..90, longitude
   * -180..180).
   *
   * @return the great-circle distance in km, 0..≈20,015
   */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = Math.toRadians(lat2 - lat1);
    double dLambda = Math.toRadians(lon2 - lon1);
    double sinDPhi = Math.sin(dPhi / 2);
    double sinDLambda = Math.sin(dLambda / 2);
    double a = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
    // rounding can push a a hair above 1 for antipodal points
    double c = 2 * Math.asin(Math.sqrt(Math.min(1.0, a)));
    return MEAN_EARTH_RADIUS_KM * c;
  }
}
