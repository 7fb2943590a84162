package io.paystream.fds.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

class GreatCircleTest {

  // Airport reference points (IATA/ICAO published aerodrome coordinates).
  private static final double[] ICN = {37.4602, 126.4407};
  private static final double[] JFK = {40.6413, -73.7781};
  private static final double[] ORD = {41.9786, -87.9048};
  private static final double[] LAX = {33.9416, -118.4085};
  private static final double[] LHR = {51.4700, -0.4543};

  private static double km(double[] a, double[] b) {
    return GreatCircle.distanceKm(a[0], a[1], b[0], b[1]);
  }

  @Test
  void seoulToNewYorkMatchesThePublishedGreatCircleDistanceWithinHalfAPercent() {
    // ICN-JFK great-circle distance as listed by route calculators: about 11,080 km (6,885 mi)
    assertThat(km(ICN, JFK)).isCloseTo(11_080.0, withPercentage(0.5));
  }

  @Test
  void seoulToChicagoMatchesThePublishedGreatCircleDistanceWithinHalfAPercent() {
    // aircalculator.com, ICN-ORD: "a Great Circle distance of 6,537 miles (or 10,520 kilometers)"
    assertThat(km(ICN, ORD)).isCloseTo(10_520.0, withPercentage(0.5));
  }

  @Test
  void losAngelesToLondonMatchesThePublishedGreatCircleDistanceWithinHalfAPercent() {
    // LAX-LHR: 5,456 statute miles = 8,780.6 km (Great Circle Mapper, WGS84)
    assertThat(km(LAX, LHR)).isCloseTo(5_456 * 1.609344, withPercentage(0.5));
  }

  @Test
  void reproducesTheRosettaCodeHaversineExampleWhenScaledToItsRadius() {
    // Rosetta Code "Haversine formula": BNA (36.12, -86.67) to LAX (33.94, -118.40) with
    // R = 6372.8 km is 2887.2599506071106 km; the formula is linear in R.
    double ours = GreatCircle.distanceKm(36.12, -86.67, 33.94, -118.40);
    assertThat(ours * 6372.8 / GreatCircle.MEAN_EARTH_RADIUS_KM)
        .isCloseTo(2887.2599506071106, within(1e-6));
  }

  @Test
  void isSymmetricAndZeroForTheSamePoint() {
    assertThat(km(ICN, JFK)).isCloseTo(km(JFK, ICN), within(1e-9));
    assertThat(km(LHR, LHR)).isZero();
  }

  @Test
  void antipodalPointsAreHalfTheCircumferenceApart() {
    assertThat(GreatCircle.distanceKm(0, 0, 0, 180))
        .isCloseTo(Math.PI * GreatCircle.MEAN_EARTH_RADIUS_KM, within(1e-6));
    assertThat(GreatCircle.distanceKm(90, 0, -90, 0))
        .isCloseTo(Math.PI * GreatCircle.MEAN_EARTH_RADIUS_KM, within(1e-6));
  }
}
