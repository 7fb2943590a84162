package io.paystream.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Merchant;
import io.paystream.simulator.replay.HttpJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BenchTrafficTest {

  @Test
  void paymentsPassEveryRuleAndCardsComeBackOnlyAfterTheWholeRotation() {
    BenchTraffic traffic = BenchTraffic.create(400, 7, "bench-1");
    int cards = traffic.cardCount();
    assertThat(cards).isGreaterThanOrEqualTo(400);
    Map<String, String> cardOfPan = new HashMap<>();
    traffic.dataset().cards().forEach(c -> cardOfPan.put(c.pan(), c.cardId()));
    Map<String, Merchant> merchants = traffic.dataset().merchantsById();

    List<BenchTraffic.Prepared> payments =
        traffic.next(2 * cards, Instant.parse("2026-12-03T10:00:00Z"), 100);

    Map<String, Integer> lastSeen = new HashMap<>();
    Map<String, Double> firstAmount = new HashMap<>();
    long online = 0;
    for (int i = 0; i < payments.size(); i++) {
      BenchTraffic.Prepared p = payments.get(i);
      JsonNode body = HttpJson.JSON.readTree(new String(p.body(), StandardCharsets.UTF_8));
      String pan = body.path("card").path("pan").asString();
      String card = cardOfPan.get(pan);
      assertThat(card).isNotNull();
      assertThat(p.idempotencyKey()).isEqualTo("bench-1:" + i).doesNotContain(pan);
      Integer last = lastSeen.put(card, i);
      if (last != null) {
        assertThat(i - last).as("payments between two of one card").isEqualTo(cards);
      }
      assertThat(body.path("amount").isString()).as("amount is a decimal string").isTrue();
      double amount = Double.parseDouble(body.path("amount").asString());
      double first = firstAmount.computeIfAbsent(card, k -> amount);
      assertThat(amount / first).as("no amount spike").isBetween(0.6, 1.6);
      assertThat(body.path("merchantId").asString()).isEqualTo(p.merchantId());
      Merchant site = merchants.get(p.merchantId());
      if (body.path("channel").asString().equals("ONLINE")) {
        online++;
        assertThat(site.onlineOnly()).isTrue();
        assertThat(body.has("location")).isFalse();
      } else {
        assertThat(body.path("channel").asString()).isEqualTo("POS");
        assertThat(body.path("location").path("lat").asDouble()).isEqualTo(site.location().lat());
      }
    }
    assertThat((double) online / payments.size()).isBetween(0.10, 0.20);
  }

  @Test
  void aCardPaysInPersonOnlyInOneCity() {
    BenchTraffic traffic = BenchTraffic.create(300, 3, "k");
    Map<String, String> cardOfPan =
        traffic.dataset().cards().stream().collect(Collectors.toMap(Card::pan, Card::cardId));
    Map<String, Merchant> merchants = traffic.dataset().merchantsById();
    Map<String, Set<String>> cities = new HashMap<>();
    for (BenchTraffic.Prepared p : traffic.next(3_000, Instant.now(), 100)) {
      JsonNode body = HttpJson.JSON.readTree(new String(p.body(), StandardCharsets.UTF_8));
      Merchant m = merchants.get(p.merchantId());
      if (!m.onlineOnly()) {
        cities
            .computeIfAbsent(
                cardOfPan.get(body.path("card").path("pan").asString()),
                k -> new java.util.HashSet<>())
            .add(m.address());
      }
    }
    assertThat(cities).isNotEmpty();
    assertThat(cities.values()).allMatch(s -> s.size() == 1);
  }

  @Test
  void aBurstIsSixPaymentsOfAReservedCardAtOneSiteWithinAMinute() {
    BenchTraffic traffic = BenchTraffic.create(400, 3, 7, "chaos-1");
    java.util.Set<String> rotation = new java.util.HashSet<>();
    traffic
        .next(traffic.cardCount(), java.time.Instant.now(), 100)
        .forEach(
            p ->
                rotation.add(
                    new String(p.body(), java.nio.charset.StandardCharsets.UTF_8)
                        .replaceAll(".*\"pan\":\"(\\d+)\".*", "$1")));

    BenchTraffic.Burst burst = traffic.nextBurst(java.time.Instant.parse("2026-01-01T10:00:00Z"));

    assertThat(burst.payments()).hasSize(BenchTraffic.BURST_SIZE);
    assertThat(rotation).doesNotContain(burst.card().pan());
    assertThat(burst.payments())
        .allSatisfy(
            t -> {
              assertThat(t.cardId()).isEqualTo(burst.card().cardId());
              assertThat(t.merchantId()).isEqualTo(burst.payments().getFirst().merchantId());
              assertThat(t.location()).isNotNull();
              assertThat(t.fraud()).isFalse();
            });
    assertThat(
            java.time.Duration.between(
                burst.payments().getFirst().occurredAt(), burst.payments().getLast().occurredAt()))
        .isLessThan(java.time.Duration.ofSeconds(60));
    assertThat(traffic.burstsLeft()).isEqualTo(2);
  }
}
