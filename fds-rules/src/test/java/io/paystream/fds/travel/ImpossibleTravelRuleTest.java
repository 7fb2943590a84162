package io.paystream.fds.travel;

import static io.paystream.fds.TestPayments.BUSAN;
import static io.paystream.fds.TestPayments.NEW_YORK;
import static io.paystream.fds.TestPayments.SEOUL;
import static io.paystream.fds.TestPayments.T0;
import static io.paystream.fds.TestPayments.online;
import static io.paystream.fds.TestPayments.pos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.fds.geo.GreatCircle;
import io.paystream.fds.rule.CardProfile;
import io.paystream.fds.rule.ReasonCodes;
import io.paystream.fds.rule.RuleResult;
import io.paystream.fds.rule.RuleSettings;
import io.paystream.fds.rule.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImpossibleTravelRuleTest {

  private static final String CARD = "k1_card";
  private final ImpossibleTravelRule rule = new ImpossibleTravelRule();

  private static CardProfile locatedAt(PaymentRequested... payments) {
    CardProfile profile = CardProfile.newCard(CARD);
    for (PaymentRequested p : payments) {
      profile = profile.record(p, true);
    }
    return profile;
  }

  private static RuleSettings travel(double maxSpeedKmh, double minDistanceKm) {
    return new RuleSettings(
        new ImpossibleTravelSettings(true, maxSpeedKmh, minDistanceKm),
        RuleSettings.DEFAULTS.cardStatus(),
        RuleSettings.DEFAULTS.velocity(),
        RuleSettings.DEFAULTS.amountSpike());
  }

  @Test
  void seoulThenNewYorkThirtyMinutesLaterIsHeldWithDistanceSpeedAndGap() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));

    RuleResult result =
        rule.evaluate(
            pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(30))), profile, RuleSettings.DEFAULTS);

    assertThat(result.verdict()).isEqualTo(Verdict.STEP_UP);
    assertThat(result.reasonCode()).isEqualTo(ReasonCodes.IMPOSSIBLE_TRAVEL);
    double expectedKm =
        GreatCircle.distanceKm(SEOUL.lat(), SEOUL.lon(), NEW_YORK.lat(), NEW_YORK.lon()) - 0.1;
    assertThat(result.travel().distanceKm()).isCloseTo(expectedKm, within(1e-6));
    assertThat(result.travel().gapSeconds()).isEqualTo(1800);
    assertThat(result.travel().speedKmh()).isCloseTo(expectedKm * 2, within(1e-6));
    assertThat(result.travel().fromCountry()).isEqualTo("KR");
    assertThat(result.travel().toCountry()).isEqualTo("US");
  }

  @Test
  void seoulThenNewYorkFifteenHoursLaterIsAPlausibleFlight() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));

    RuleResult result =
        rule.evaluate(
            pos(CARD, NEW_YORK, T0.plus(Duration.ofHours(15))), profile, RuleSettings.DEFAULTS);

    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    assertThat(result.travel().speedKmh()).isLessThan(900);
  }

  @Test
  void fastTravelBelowTheDistanceFloorPasses() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));

    // Seoul - Busan is ~325 km: 10 minutes is ~1,950 km/h, but below the 500 km floor
    RuleResult result =
        rule.evaluate(
            pos(CARD, BUSAN, T0.plus(Duration.ofMinutes(10))), profile, RuleSettings.DEFAULTS);

    assertThat(result.travel().speedKmh()).isGreaterThan(900);
    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void speedExactlyAtTheLimitPassesAndJustAboveIsHeld() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));
    PaymentRequested ny = pos(CARD, NEW_YORK, T0.plus(Duration.ofHours(5)));
    double speed = rule.evaluate(ny, profile, RuleSettings.DEFAULTS).travel().speedKmh();

    assertThat(rule.evaluate(ny, profile, travel(speed, 500)).verdict()).isEqualTo(Verdict.PASS);
    assertThat(rule.evaluate(ny, profile, travel(Math.nextDown(speed), 500)).verdict())
        .isEqualTo(Verdict.STEP_UP);
  }

  @Test
  void distanceExactlyAtTheFloorPassesAndJustAboveIsHeld() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));
    PaymentRequested ny = pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(30)));
    double km = rule.evaluate(ny, profile, RuleSettings.DEFAULTS).travel().distanceKm();

    assertThat(rule.evaluate(ny, profile, travel(900, km)).verdict()).isEqualTo(Verdict.PASS);
    assertThat(rule.evaluate(ny, profile, travel(900, Math.nextDown(km))).verdict())
        .isEqualTo(Verdict.STEP_UP);
  }

  @Test
  void bothAccuracyRadiiAreSubtractedFromTheDistance() {
    // two country-centroid fixes 1,000+ km apart but each only known within 400 km
    GeoLocation a = new GeoLocation(0.0, 0.0, 400, "AA");
    GeoLocation b = new GeoLocation(0.0, 10.0, 400, "BB");
    double centres = GreatCircle.distanceKm(0, 0, 0, 10);
    CardProfile profile = locatedAt(pos(CARD, a, T0));

    RuleResult result =
        rule.evaluate(
            pos(CARD, b, T0.plus(Duration.ofMinutes(10))), profile, RuleSettings.DEFAULTS);

    assertThat(result.travel().distanceKm()).isCloseTo(centres - 800, within(1e-6));
    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void overlappingAccuracyRadiiFloorTheDistanceAtZero() {
    GeoLocation a = new GeoLocation(0.0, 0.0, 1_000, "AA");
    GeoLocation b = new GeoLocation(0.0, 10.0, 1_000, "BB");
    CardProfile profile = locatedAt(pos(CARD, a, T0));

    RuleResult result = rule.evaluate(pos(CARD, b, T0), profile, RuleSettings.DEFAULTS);

    assertThat(result.travel().distanceKm()).isZero();
    assertThat(result.travel().speedKmh()).isZero();
    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void aZeroGapWithARealDistanceReportsTheLargestFiniteSpeed() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));

    RuleResult result = rule.evaluate(pos(CARD, NEW_YORK, T0), profile, RuleSettings.DEFAULTS);

    assertThat(result.travel().gapSeconds()).isZero();
    assertThat(result.travel().speedKmh()).isEqualTo(Double.MAX_VALUE);
    assertThat(result.verdict()).isEqualTo(Verdict.STEP_UP);
  }

  @Test
  void cardNotPresentPaymentsNeitherTriggerNorMoveTheLastLocation() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));
    PaymentRequested web = online(CARD, T0.plus(Duration.ofMinutes(5)));

    RuleResult webResult = rule.evaluate(web, profile, RuleSettings.DEFAULTS);
    CardProfile after = profile.record(web, true);
    RuleResult nyResult =
        rule.evaluate(
            pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(30))), after, RuleSettings.DEFAULTS);

    assertThat(webResult.verdict()).isEqualTo(Verdict.PASS);
    assertThat(webResult.travel()).isNull();
    assertThat(after.located()).isEqualTo(profile.located());
    assertThat(nyResult.verdict()).isEqualTo(Verdict.STEP_UP);
    assertThat(nyResult.travel().gapSeconds()).isEqualTo(1800);
  }

  @Test
  void aFirstLocatedPaymentHasNothingToCompareWith() {
    RuleResult result =
        rule.evaluate(pos(CARD, NEW_YORK, T0), CardProfile.newCard(CARD), RuleSettings.DEFAULTS);

    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    assertThat(result.travel()).isNull();
  }

  @Test
  void aLatePaymentIsComparedWithItsNeighbourInTimeNotAsTravelBack() {
    // Seoul at T0, then a verified flight to New York arriving at T0+15h
    CardProfile profile =
        locatedAt(pos(CARD, SEOUL, T0), pos(CARD, NEW_YORK, T0.plus(Duration.ofHours(15))));
    // a Seoul payment from T0+1h arrives late: compared with Seoul T0, not New York
    PaymentRequested lateSeoul = pos(CARD, SEOUL, T0.plus(Duration.ofHours(1)));

    RuleResult result = rule.evaluate(lateSeoul, profile, RuleSettings.DEFAULTS);

    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    assertThat(result.travel().distanceKm()).isZero();
    assertThat(result.travel().gapSeconds()).isEqualTo(3600);
  }

  @Test
  void aLatePaymentImpossibleFromItsNeighbourInTimeIsHeld() {
    CardProfile profile =
        locatedAt(pos(CARD, SEOUL, T0), pos(CARD, NEW_YORK, T0.plus(Duration.ofHours(15))));
    // a New York payment at T0+20min arrives late: 20 minutes after Seoul
    PaymentRequested lateNy = pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(20)));

    RuleResult result = rule.evaluate(lateNy, profile, RuleSettings.DEFAULTS);

    assertThat(result.verdict()).isEqualTo(Verdict.STEP_UP);
    assertThat(result.travel().gapSeconds()).isEqualTo(1200);
    assertThat(result.travel().fromCountry()).isEqualTo("KR");
  }

  @Test
  void aPaymentOlderThanEveryLocatedOneIsComparedWithTheEarliest() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));
    Instant before = T0.minus(Duration.ofMinutes(30));

    RuleResult result = rule.evaluate(pos(CARD, NEW_YORK, before), profile, RuleSettings.DEFAULTS);

    assertThat(result.verdict()).isEqualTo(Verdict.STEP_UP);
    assertThat(result.travel().gapSeconds()).isEqualTo(1800);
    assertThat(result.travel().fromCountry()).isEqualTo("US");
    assertThat(result.travel().toCountry()).isEqualTo("KR");
  }

  @Test
  void aHeldPaymentDoesNotBecomeTheLastLocation() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));
    PaymentRequested ny = pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(30)));

    CardProfile after = profile.record(ny, false);

    assertThat(after.located().last()).map(LocatedPayment::location).contains(SEOUL);
  }

  @Test
  void aDisabledRulePassesEvenImpossibleTravel() {
    CardProfile profile = locatedAt(pos(CARD, SEOUL, T0));
    RuleSettings off =
        new RuleSettings(
            new ImpossibleTravelSettings(false, 900, 500),
            RuleSettings.DEFAULTS.cardStatus(),
            RuleSettings.DEFAULTS.velocity(),
            RuleSettings.DEFAULTS.amountSpike());

    RuleResult result = rule.evaluate(pos(CARD, NEW_YORK, T0.plusSeconds(60)), profile, off);

    assertThat(result.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void theLocatedHistoryKeepsOnlyTheLatestEntriesInTimeOrder() {
    LocatedHistory history = LocatedHistory.empty();
    for (int i = 20; i > 0; i--) {
      history =
          history.with(
              new LocatedPayment("p" + i, T0.plusSeconds(i), SEOUL),
              LocatedHistory.DEFAULT_CAPACITY);
    }

    assertThat(history.entries()).hasSize(LocatedHistory.DEFAULT_CAPACITY);
    assertThat(history.entries().getFirst().paymentId()).isEqualTo("p5");
    assertThat(history.last()).map(LocatedPayment::paymentId).contains("p20");
  }
}
