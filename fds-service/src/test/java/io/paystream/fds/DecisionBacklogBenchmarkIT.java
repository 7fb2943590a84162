package io.paystream.fds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Decisions/s and event-to-commit latency for a backlog: N payments are produced while the consumer
 * is stopped, then it is started and the ledger drained. Run on demand: {@code
 * -Dfds.benchmark.events=100000} (skipped otherwise).
 */
@PaystreamIntegrationTest
@SpringBootTest(
    properties = {"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks"})
@EnabledIfSystemProperty(named = "fds.benchmark.events", matches = "\\d+")
class DecisionBacklogBenchmarkIT {

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired MeterRegistry meters;

  @Test
  void drainsABacklog(Infra infra) throws Exception {
    int n = Integer.getInteger("fds.benchmark.events");
    listeners.getListenerContainer("fds-payments").stop();
    Instant t0 = Instant.parse("2026-11-21T00:00:00Z");
    GeoLocation here = new GeoLocation(37.5636, 126.9827, 0.05, "KR");
    for (int i = 0; i < n; i++) {
      String card = "bench-card-" + (i % 10_000);
      PaymentRequested p =
          TestPayments.payment(
              UUID.randomUUID().toString(),
              card,
              i % 4 == 0 ? Channel.ONLINE : Channel.POS,
              i % 4 == 0 ? null : here,
              t0.plusSeconds(i),
              1_000 + i % 5_000,
              "USD");
      kafka.send(
          Topics.PAYMENT_STREAM.name(),
          card,
          Event.of(p.paymentId(), Event.sourceOf("bench"), p.paymentId(), p));
    }
    kafka.flush();
    long start = System.nanoTime();
    listeners.getListenerContainer("fds-payments").start();
    await()
        .atMost(Duration.ofMinutes(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> count(infra, "SELECT count(*) FROM ledger.transactions") >= n);
    double seconds = (System.nanoTime() - start) / 1e9;
    Timer timer = meters.get("fds.decision.event.to.commit").timer();
    System.out.printf(
        "BENCHMARK events=%d drain=%.1fs decisions/s=%.0f event-to-commit p50=%.0fms p99=%.0fms max=%.0fms%n",
        n,
        seconds,
        n / seconds,
        percentile(timer, 0.5),
        percentile(timer, 0.99),
        timer.max(TimeUnit.MILLISECONDS));
    assertThat(count(infra, "SELECT count(*) FROM ledger.transactions")).isEqualTo(n);
  }

  private static double percentile(Timer timer, double p) {
    for (var v : timer.takeSnapshot().percentileValues()) {
      if (v.percentile() == p) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }

  private static long count(Infra infra, String sql) throws Exception {
    try (Connection c = infra.openJdbc();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
