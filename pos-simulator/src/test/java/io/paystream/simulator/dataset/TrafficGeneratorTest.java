package io.paystream.simulator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.card.Luhn;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.GeoMath;
import io.paystream.simulator.model.Transaction;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

  private final Dataset dataset = TrafficGenerator.defaults().load();

  @Test
  void sameSeedGivesTheSameDatasetAndAnotherSeedAnotherOne() {
    Dataset again = TrafficGenerator.defaults().load();
    Dataset other = new TrafficGenerator(7, 150, 10, LocalDate.of(2025, 3, 3), 0.10, 0.05).load();

    assertThat(again.transactions()).isEqualTo(dataset.transactions());
    assertThat(again.cards()).isEqualTo(dataset.cards());
    assertThat(again.customers()).isEqualTo(dataset.customers());
    assertThat(other.transactions()).isNotEqualTo(dataset.transactions());
  }

  @Test
  void producesAFewThousandPaymentsWithValidCardsAndOnlineShare() {
    assertThat(dataset.transactions()).hasSizeBetween(2_000, 6_000);
    assertThat(dataset.cards()).allSatisfy(c -> assertThat(Luhn.isValid(c.pan())).isTrue());
    long online = dataset.transactions().stream().filter(t -> t.location() == null).count();
    assertThat((double) online / dataset.transactions().size()).isBetween(0.08, 0.25);
    assertThat(dataset.customers().stream().map(c -> c.home().country()).distinct().count())
        .isGreaterThan(5);
  }

  @Test
  void everyFraudPaymentIsFarFromAGenuinePaymentOfTheSameCardWithinTwoHours() {
    List<Transaction> fraud = dataset.transactions().stream().filter(Transaction::fraud).toList();
    assertThat(fraud).hasSizeGreaterThan(5);
    Map<String, List<Transaction>> genuineByCard =
        dataset.transactions().stream()
            .filter(t -> !t.fraud() && t.location() != null)
            .collect(Collectors.groupingBy(Transaction::cardId));
    assertThat(fraud)
        .allSatisfy(
            f ->
                assertThat(genuineByCard.get(f.cardId()))
                    .anySatisfy(
                        g -> {
                          double hours = hoursBetween(g, f);
                          assertThat(hours).isLessThanOrEqualTo(2);
                          assertThat(GeoMath.distanceKm(g.location(), f.location()) / hours)
                              .isGreaterThan(900);
                        }));
  }

  @Test
  void genuineTravelIsAtPlausibleSpeedsAndTripsHappen() {
    Map<String, List<Transaction>> byCard =
        dataset.transactions().stream()
            .filter(t -> !t.fraud() && t.location() != null)
            .collect(Collectors.groupingBy(Transaction::cardId));
    int longHops = 0;
    for (List<Transaction> list : byCard.values()) {
      for (int i = 1; i < list.size(); i++) {
        double km = GeoMath.distanceKm(list.get(i - 1).location(), list.get(i).location());
        double hours = hoursBetween(list.get(i - 1), list.get(i));
        if (km > 100) {
          longHops++;
          assertThat(km / hours).as("genuine speed km/h").isLessThanOrEqualTo(800);
        } else {
          assertThat(km).isLessThan(30);
        }
      }
    }
    assertThat(longHops).as("flights taken").isGreaterThan(10);
  }

  private static double hoursBetween(Transaction a, Transaction b) {
    return Math.abs(
            Duration.between(a.occurredAt().toInstant(), b.occurredAt().toInstant()).toSeconds())
        / 3600.0;
  }
}
