package io.paystream.simulator.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.simulator.model.Money;
import io.paystream.simulator.model.Transaction;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpossibleTravelTest {

  static final GeoLocation SEOUL = new GeoLocation(37.5665, 126.9780, 0.05, "KR");
  static final GeoLocation BUSAN = new GeoLocation(35.1796, 129.0756, 0.05, "KR");
  static final GeoLocation NEW_YORK = new GeoLocation(40.7128, -74.0060, 0.05, "US");

  static Transaction tx(String id, String card, String time, GeoLocation where, boolean fraud) {
    return new Transaction(
        id,
        card,
        "m",
        Money.of("10.00", "USD"),
        where == null ? Channel.ONLINE : Channel.POS,
        OffsetDateTime.parse(time),
        where,
        fraud,
        null);
  }

  @Test
  void measuresHaversineMinusRadiiOverTheGap() {
    // Seoul → New York is ~11,050 km great-circle
    Transaction a = tx("a", "c", "2025-03-03T10:00:00Z", SEOUL, false);
    Transaction b = tx("b", "c", "2025-03-03T12:00:00Z", NEW_YORK, false);

    ImpossibleTravel.Leg leg = ImpossibleTravel.leg(a, b);

    assertThat(leg.distanceKm()).isCloseTo(11_050, within(60.0));
    assertThat(leg.speedKmh()).isCloseTo(leg.distanceKm() / 2, within(0.01));
    assertThat(leg.impossible(ImpossibleTravel.Settings.FDS_DEFAULTS)).isTrue();
  }

  @Test
  void accuracyRadiiCanMakeDistanceZero() {
    GeoLocation vagueKorea = new GeoLocation(36.5, 127.8, 1_000, "KR");
    ImpossibleTravel.Leg leg =
        ImpossibleTravel.leg(
            tx("a", "c", "2025-03-03T10:00:00Z", SEOUL, false),
            tx("b", "c", "2025-03-03T10:00:00Z", vagueKorea, false));

    assertThat(leg.distanceKm()).isZero();
    assertThat(leg.speedKmh()).isZero();
  }

  @Test
  void requiresBothSpeedAndDistanceAboveThresholds() {
    // Seoul → Busan (~325 km) in 10 minutes: fast, but below the 500 km floor
    ImpossibleTravel.Leg near =
        ImpossibleTravel.leg(
            tx("a", "c", "2025-03-03T10:00:00Z", SEOUL, false),
            tx("b", "c", "2025-03-03T10:10:00Z", BUSAN, false));
    // Seoul → New York in 13 hours: far, but ~850 km/h
    ImpossibleTravel.Leg slow =
        ImpossibleTravel.leg(
            tx("a", "c", "2025-03-03T10:00:00Z", SEOUL, false),
            tx("b", "c", "2025-03-03T23:00:00Z", NEW_YORK, false));

    assertThat(near.speedKmh()).isGreaterThan(900);
    assertThat(near.impossible(ImpossibleTravel.Settings.FDS_DEFAULTS)).isFalse();
    assertThat(slow.distanceKm()).isGreaterThan(500);
    assertThat(slow.impossible(ImpossibleTravel.Settings.FDS_DEFAULTS)).isFalse();
    assertThat(slow.impossible(new ImpossibleTravel.Settings(800, 500))).isTrue();
  }

  @Test
  void aDeniedCloneDoesNotMoveTheCardSoTheOwnersNextPaymentAtHomeIsNotAPair() {
    // given the owner in Seoul, a clone in New York (fraud), the owner in Seoul 30 min later
    List<Transaction> txs =
        List.of(
            tx("home1", "c", "2025-03-03T10:00:00Z", SEOUL, false),
            tx("clone", "c", "2025-03-03T10:40:00Z", NEW_YORK, true),
            tx("clone2", "c", "2025-03-03T10:50:00Z", NEW_YORK, true),
            tx("home2", "c", "2025-03-03T11:20:00Z", SEOUL, false));

    // when
    List<ImpossibleTravel.Leg> pairs =
        ImpossibleTravel.pairs(
            txs, ImpossibleTravel.Settings.FDS_DEFAULTS, ImpossibleTravel.BY_LABEL);

    // then both clone payments are held against home1; home2 is not travel from New York
    assertThat(pairs).extracting(l -> l.to().transactionId()).containsExactly("clone", "clone2");
    assertThat(pairs).allSatisfy(l -> assertThat(l.from().transactionId()).isEqualTo("home1"));
  }

  @Test
  void aVerifiedTravellerMovesTheCard() {
    // given a genuine trip Seoul → New York held then verified, then a payment in New York
    List<Transaction> txs =
        List.of(
            tx("seoul", "c", "2025-03-03T10:00:00Z", SEOUL, false),
            tx("ny", "c", "2025-03-03T12:00:00Z", NEW_YORK, false),
            tx("ny2", "c", "2025-03-03T13:00:00Z", NEW_YORK, false));

    assertThat(
            ImpossibleTravel.pairs(
                txs, ImpossibleTravel.Settings.FDS_DEFAULTS, ImpossibleTravel.BY_LABEL))
        .extracting(l -> l.to().transactionId())
        .containsExactly("ny");
    // and when nothing held ever locates (no answer: EXPIRED), New York is compared with Seoul
    assertThat(
            ImpossibleTravel.pairs(txs, ImpossibleTravel.Settings.FDS_DEFAULTS, (t, held) -> !held))
        .extracting(l -> l.to().transactionId())
        .containsExactly("ny", "ny2");
  }

  @Test
  void onlineOrOtherCardsPaymentsNeitherTriggerNorMove() {
    List<Transaction> txs =
        List.of(
            tx("seoul", "c", "2025-03-03T10:00:00Z", SEOUL, false),
            tx("web", "c", "2025-03-03T10:05:00Z", null, false),
            tx("other", "d", "2025-03-03T10:10:00Z", NEW_YORK, false),
            tx("busan", "c", "2025-03-03T14:00:00Z", BUSAN, false));

    assertThat(
            ImpossibleTravel.pairs(
                txs, ImpossibleTravel.Settings.FDS_DEFAULTS, ImpossibleTravel.BY_LABEL))
        .isEmpty();
  }
}
