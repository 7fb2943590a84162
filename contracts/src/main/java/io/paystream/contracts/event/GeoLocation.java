package io.paystream.contracts.event;

/**
 * Where a card-present payment happened, as precisely as it is known.
 *
 * @param lat latitude in degrees (WGS84), -90..90
 * @param lon longitude in degrees (WGS84), -180..180
 * @param accuracyKm radius in km within which the true place lies (a terminal's GPS fix: ~0.05; a
 *     ZIP centroid: a few km; a country centre point: 1,000 or more), ≥ 0
 * @param country ISO 3166-1 alpha-2 country code, upper case (e.g. {@code US}, {@code KR})
 */
public record GeoLocation(double lat, double lon, double accuracyKm, String country) {

  /**
   * @throws IllegalArgumentException if a coordinate is out of range or the radius is negative
   */
  public GeoLocation {
    if (!(lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException("lat out of range -90..90: " + lat);
    }
    if (!(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("lon out of range -180..180: " + lon);
    }
    if (!(accuracyKm >= 0)) {
      throw new IllegalArgumentException("accuracyKm must be >= 0: " + accuracyKm);
    }
  }
}
