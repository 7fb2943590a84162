package io.paystream.payment.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.devstack.test.TestAuthServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The status view ({@code registry.payments}, kept from {@code payment-decisions}) against a
 * database that does not answer: another session holds an {@code ACCESS EXCLUSIVE} lock on {@code
 * registry.payments}, so each write waits until the 2 s statement timeout cancels it. The decision
 * is retried until the lock is gone, then applied: the status does not stay {@code RECEIVED}, and
 * nothing goes to {@code payment-decisions-payment-api-dlt}.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.r2dbc.properties.statementTimeout=2s",
      "paystream.kafka.transient-retry.max-interval=1s",
      "paystream.payment.decision-consumers=1"
    })
class PaymentDecisionViewFaultIT {

  static final TestAuthServer AUTH = TestAuthServer.start();

  @DynamicPropertySource
  static void auth(DynamicPropertyRegistry registry) {
    AUTH.register(registry);
  }

  @AfterAll
  static void stopAuth() {
    AUTH.stop();
  }

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  @Autowired MeterRegistry meters;

  @Test
  void decisionsWaitingOnALockedStatusViewAreAppliedAfterItNotDeadLettered(Infra infra)
      throws Exception {
    // given: an accepted payment, RECEIVED in the status view
    String paymentId = UUID.randomUUID().toString();
    execute(
        infra,
        "INSERT INTO registry.payments (payment_id, client_id, merchant_id, card_token,"
            + " amount_minor, currency, status, received_at) VALUES ('"
            + paymentId
            + "', 'pos-nyc-001', 'm_5812_0913', 'tok-1', 2350, 'USD', 'RECEIVED', now())");

    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      // when: the view's table is locked, and fds approves and completes the payment
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE registry.payments IN ACCESS EXCLUSIVE MODE");
      decide(paymentId, 1, PaymentStatus.APPROVED);
      decide(paymentId, 2, PaymentStatus.COMPLETED);

      // then: for 12 s (the bounded policy would have dead-lettered them after ~8 s) the writes
      // fail on the statement timeout and are retried, nothing is dead-lettered
      await()
          .during(Duration.ofSeconds(12))
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> deadLetters(infra) == 0);
      assertThat(transientRetries()).isGreaterThanOrEqualTo(3);
      locker.rollback();
    }

    // and afterwards the view shows the final state, with nothing dead-lettered
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "COMPLETED".equals(status(infra, paymentId)));
    assertThat(deadLetters(infra)).isZero();
  }

  private void decide(String paymentId, long sequence, PaymentStatus status) throws Exception {
    PaymentDecided decided =
        new PaymentDecided(
            paymentId,
            sequence,
            status,
            "tok-1",
            "cus_000042",
            "m_5812_0913",
            "pos-nyc-001",
            2350,
            "USD",
            List.of(),
            null,
            OffsetDateTime.parse("2026-11-21T00:35:00-05:00"),
            Instant.now());
    kafka
        .send(
            Topics.PAYMENT_DECISIONS.name(),
            "tok-1",
            Event.of(paymentId + ":" + sequence, Event.sourceOf("fds-service"), paymentId, decided))
        .get(30, TimeUnit.SECONDS);
  }

  private double transientRetries() {
    return Search.in(meters)
        .name("paystream.kafka.consumer.transient.retries")
        .tag("group", "payment-api")
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static String status(Infra infra, String paymentId) throws Exception {
    try (Connection c = infra.openJdbc();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT status FROM registry.payments WHERE payment_id = '"
                        + paymentId
                        + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static long deadLetters(Infra infra) throws Exception {
    return infra.endOffsets(Topics.PAYMENT_DECISIONS.deadLetter("payment-api"));
  }

  private static void execute(Infra infra, String sql) throws Exception {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
