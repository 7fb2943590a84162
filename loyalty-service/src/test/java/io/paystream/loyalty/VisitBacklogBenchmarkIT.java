package io.paystream.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.loyalty.support.LoyaltyIntegrationSupport;
import io.paystream.loyalty.support.Payments;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.TestPropertySource;

/**
 * Benchmark, opt-in: {@code -Dloyalty.bench.events=100000}. A backlog of N distinct payments (1,000
 * customers, each at 5 of 200 merchants in turn: N/5,000 visits per pair) is produced while the
 * listeners are stopped; then they start and the test measures until every visit is durable in
 * PostgreSQL, and checks the counts are exact (every pair's counter equals the payments sent for
 * it, VIP for every pair at ≥ 10).
 */
@EnabledIfSystemProperty(named = "loyalty.bench.events", matches = "[1-9][0-9]*")
@TestPropertySource(properties = "spring.kafka.listener.auto-startup=false")
class VisitBacklogBenchmarkIT extends LoyaltyIntegrationSupport {

  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void countsABacklogExactlyAndReportsVisitsPerSecond(Infra infra) throws Exception {
    int n = Integer.getInteger("loyalty.bench.events");

    // given a backlog of n payments
    OffsetDateTime t0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    Map<String, Integer> expected = new HashMap<>();
    List<Event<PaymentRequested>> chunk = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String customer = "bc_" + (i % 1000);
      // each customer visits 5 merchants of its own group of 5 (200 merchants), 20 times each
      String merchant = "bm_" + ((i / 1000) % 5 + (i % 1000) % 40 * 5);
      chunk.add(Payments.visit("bench_" + i, customer, merchant, t0.plusSeconds(i)));
      expected.merge(customer + "|" + merchant, 1, Integer::sum);
      if (chunk.size() == 5_000) {
        sendPayments(chunk);
        chunk = new ArrayList<>();
      }
    }
    sendPayments(chunk);

    // when the consumers start
    long start = System.nanoTime();
    listeners.getListenerContainers().forEach(c -> c.start());
    // the backlog is drained in 15 min
    await()
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> queryLong(infra, "SELECT count(*) FROM loyalty.visits") >= n);
    double seconds = (System.nanoTime() - start) / 1e9;

    // then the counts are exact
    long sum = queryLong(infra, "SELECT COALESCE(sum(visits), 0) FROM loyalty.visit_counters");
    long pairs = queryLong(infra, "SELECT count(*) FROM loyalty.visit_counters");
    long vips = queryLong(infra, "SELECT count(*) FROM loyalty.memberships");
    long expectedVips = expected.values().stream().filter(v -> v >= 10).count();
    Map<String, Long> stored = new HashMap<>();
    try (var c = infra.openJdbc();
        var s = c.createStatement();
        var r =
            s.executeQuery("SELECT customer_id, merchant_id, visits FROM loyalty.visit_counters")) {
      while (r.next()) {
        stored.put(r.getString(1) + "|" + r.getString(2), r.getLong(3));
      }
    }
    long mismatched =
        expected.entrySet().stream()
            .filter(e -> !Long.valueOf(e.getValue()).equals(stored.get(e.getKey())))
            .count();
    System.out.printf(
        "LOYALTY BENCH: %d visits counted in %.1f s = %.0f visits/s; pairs %d (expected %d),"
            + " sum %d, mismatched pairs %d, VIP %d (expected %d)%n",
        n, seconds, n / seconds, pairs, expected.size(), sum, mismatched, vips, expectedVips);
    assertThat(sum).isEqualTo(n);
    assertThat(pairs).isEqualTo(expected.size());
    assertThat(mismatched).isZero();
    assertThat(vips).isEqualTo(expectedVips);
  }
}
