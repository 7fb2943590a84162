package io.paystream.fds;

import static io.paystream.fds.TestPayments.NEW_YORK;
import static io.paystream.fds.TestPayments.SEOUL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.VerificationCompleted;
import io.paystream.contracts.event.VerificationOutcome;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.fds.ledger.ProcessedEventsPurge;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * fds-service against real database faults, without stopping the shared PostgreSQL: another session
 * holds an {@code ACCESS EXCLUSIVE} lock on {@code ledger.processed_events} (every statement on it
 * waits until the 2 s statement timeout cancels it, as on a hung database), or {@code
 * pg_terminate_backend} ends the service's connections again and again (as a database restart
 * does). Whatever happens, every accepted payment is decided exactly once, nothing goes to a
 * dead-letter topic, and the consumer commits only what the ledger holds.
 *
 * <p>One consumer reads all partitions ({@code concurrency=1}), so a poll hands the listener a
 * realistic batch of hundreds of payments.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    properties = {
      "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
      "spring.r2dbc.properties.statementTimeout=2s",
      "spring.kafka.listener.concurrency=1",
      "paystream.kafka.transient-retry.max-interval=1s",
      "paystream.outbox.fallback-poll=1s"
    })
class FdsDatabaseFaultIT {

  private static final Instant T0 = Instant.now().minus(Duration.ofDays(3));

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  @Autowired MeterRegistry meters;
  @Autowired ProcessedEventsPurge purge;

  @Test
  void batchOfPaymentsHeldUpByALockedLedgerIsRetriedUntilReleasedAndEachIsDecidedOnce(Infra infra)
      throws Exception {
    // given: the consumer is running and has decided one payment
    String run = UUID.randomUUID().toString().substring(0, 8);
    long before = warmUp(infra, "warm-" + run);
    long committedBefore = committed(infra, Topics.PAYMENT_STREAM, "fds");
    double retriesBefore = transientRetries("payment-stream");

    List<String> ids = new ArrayList<>();
    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      // when: another session locks processed_events, then 500 payments arrive (50 cards)
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE ledger.processed_events IN ACCESS EXCLUSIVE MODE");
      for (int k = 0; k < 10; k++) {
        for (int c = 0; c < 50; c++) {
          PaymentRequested p =
              TestPayments.pos("card-" + run + "-" + c, SEOUL, T0.plus(Duration.ofHours(k + 1)));
          ids.add(p.paymentId());
          send(p);
        }
      }
      kafka.flush();

      // then: for 15 s (the bounded policy would have dead-lettered the batch after ~10 s)
      // nothing is decided, committed or dead-lettered; the batch is retried on the statement
      // timeout
      await()
          .during(Duration.ofSeconds(15))
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  deadLetters(infra, Topics.PAYMENT_STREAM, "fds") == 0
                      && count(infra, "SELECT count(*) FROM ledger.transactions") == before
                      && committed(infra, Topics.PAYMENT_STREAM, "fds") == committedBefore);
      assertThat(transientRetries("payment-stream")).isGreaterThanOrEqualTo(retriesBefore + 3);
      locker.rollback();
    }

    // and when the lock is gone: every payment decided once, committed, none dead-lettered
    awaitTransactions(infra, before + 500, Duration.ofMinutes(2));
    assertThat(count(infra, "SELECT count(*) FROM ledger.transactions")).isEqualTo(before + 500);
    assertThat(
            count(
                infra,
                "SELECT count(*) FROM ledger.payment_events WHERE sequence = 0 AND payment_id IN ("
                    + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","))
                    + ")"))
        .isEqualTo(500);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> committed(infra, Topics.PAYMENT_STREAM, "fds") == committedBefore + 500);
    assertThat(deadLetters(infra, Topics.PAYMENT_STREAM, "fds")).isZero();
  }

  @Test
  void paymentsDecidedWhileTheServicesConnectionsAreTerminatedAgainAndAgainAreDecidedOnce(
      Infra infra) throws Exception {
    // given
    String run = UUID.randomUUID().toString().substring(0, 8);
    long before = warmUp(infra, "warm-" + run);

    // when: 300 payments arrive while every connection of the service is terminated every 200 ms
    // for 6 s (what a PostgreSQL restart does to a pool)
    Thread terminator =
        Thread.ofPlatform()
            .name("pg-terminator")
            .start(
                () -> {
                  long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                  try (Connection admin = infra.openJdbc();
                      Statement s = admin.createStatement()) {
                    while (System.nanoTime() < end) {
                      s.execute(
                          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                              + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
                      Thread.sleep(200);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    for (int k = 0; k < 6; k++) {
      for (int c = 0; c < 50; c++) {
        send(TestPayments.pos("term-" + run + "-" + c, SEOUL, T0.plus(Duration.ofHours(k + 1))));
      }
      kafka.flush();
      Thread.sleep(500);
    }
    terminator.join(30_000);

    // then
    awaitTransactions(infra, before + 300, Duration.ofMinutes(2));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> count(infra, "SELECT count(*) FROM ledger.transactions") == before + 300);
    assertThat(
            count(
                infra,
                "SELECT count(*) FROM ledger.payment_events e JOIN ledger.transactions t"
                    + " USING (payment_id) WHERE e.sequence = 0 AND t.card_token LIKE 'term-"
                    + run
                    + "-%'"))
        .isEqualTo(300);
    assertThat(deadLetters(infra, Topics.PAYMENT_STREAM, "fds")).isZero();
  }

  @Test
  void approvalHeldUpByALockedLedgerIsAppliedOnceTheLockIsGoneNotDeadLettered(Infra infra)
      throws Exception {
    // given: a payment held for verification (Seoul, then New York an hour later)
    String card = "held-" + UUID.randomUUID().toString().substring(0, 8);
    send(TestPayments.pos(card, SEOUL, T0));
    PaymentRequested jump = TestPayments.pos(card, NEW_YORK, T0.plus(Duration.ofHours(1)));
    send(jump);
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> "PENDING_VERIFICATION".equals(status(infra, jump.paymentId())));
    double retriesBefore = transientRetries("verification-results");

    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      // when: the cardholder approves while processed_events is locked
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE ledger.processed_events IN ACCESS EXCLUSIVE MODE");
      VerificationCompleted approved =
          new VerificationCompleted(
              "ver-" + jump.paymentId(),
              jump.paymentId(),
              card,
              "cust-1",
              VerificationOutcome.APPROVED,
              "SMS",
              Instant.now());
      kafka.send(
          Topics.VERIFICATION_RESULTS.name(),
          card,
          Event.of(
              "ver-" + jump.paymentId() + ":done",
              Event.sourceOf("verification-api"),
              jump.paymentId(),
              approved));
      kafka.flush();

      // then: for 12 s it is neither applied nor dead-lettered, but retried
      await()
          .during(Duration.ofSeconds(12))
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  deadLetters(infra, Topics.VERIFICATION_RESULTS, "fds") == 0
                      && "PENDING_VERIFICATION".equals(status(infra, jump.paymentId())));
      assertThat(transientRetries("verification-results"))
          .isGreaterThanOrEqualTo(retriesBefore + 2);
      locker.rollback();
    }

    // and afterwards the approval is applied, and nothing was dead-lettered
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> "COMPLETED".equals(status(infra, jump.paymentId())));
    assertThat(deadLetters(infra, Topics.VERIFICATION_RESULTS, "fds")).isZero();
  }

  @Test
  void processedEventIdsOlderThanTheRetentionArePurgedInBatchesAndRecentOnesKept(Infra infra)
      throws Exception {
    // given: 25 000 event ids consumed 40 days ago and 10 consumed just now
    String run = UUID.randomUUID().toString().substring(0, 8);
    execute(
        infra,
        "INSERT INTO ledger.processed_events (event_id, processed_at) SELECT 'old-"
            + run
            + "-' || g, now() - interval '40 days' FROM generate_series(1, 25000) g");
    execute(
        infra,
        "INSERT INTO ledger.processed_events (event_id) SELECT 'new-"
            + run
            + "-' || g FROM generate_series(1, 10) g");

    // when: the purge runs with the default retention (30 days, batches of 10 000)
    Long deleted = purge.purgeOlderThan(Duration.ofDays(30)).block(Duration.ofMinutes(1));

    // then
    assertThat(deleted).isGreaterThanOrEqualTo(25_000L);
    assertThat(
            count(
                infra,
                "SELECT count(*) FROM ledger.processed_events WHERE event_id LIKE 'old-"
                    + run
                    + "-%'"))
        .isZero();
    assertThat(
            count(
                infra,
                "SELECT count(*) FROM ledger.processed_events WHERE event_id LIKE 'new-"
                    + run
                    + "-%'"))
        .isEqualTo(10);
  }

  // --- helpers

  private void send(PaymentRequested p) {
    kafka.send(
        Topics.PAYMENT_STREAM.name(),
        p.card().token(),
        Event.of(p.paymentId(), Event.sourceOf("payment-api"), p.paymentId(), p));
  }

  private double transientRetries(String topic) {
    return Search.in(meters)
        .name("paystream.kafka.consumer.transient.retries")
        .tag("group", "fds")
        .tag("topic", topic)
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  /**
   * Sends one payment and waits until it is decided, so that the consumer is running and nothing is
   * in flight; returns the ledger's row count then.
   */
  private long warmUp(Infra infra, String card) throws Exception {
    PaymentRequested p = TestPayments.pos(card, SEOUL, T0);
    send(p);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> status(infra, p.paymentId()) != null);
    return count(infra, "SELECT count(*) FROM ledger.transactions");
  }

  private static long awaitTransactions(Infra infra, long atLeast, Duration patience)
      throws Exception {
    await()
        .atMost(patience)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> count(infra, "SELECT count(*) FROM ledger.transactions") >= atLeast);
    return count(infra, "SELECT count(*) FROM ledger.transactions");
  }

  private static String status(Infra infra, String paymentId) throws Exception {
    try (Connection c = infra.openJdbc();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT status FROM ledger.transactions WHERE payment_id = '"
                        + paymentId
                        + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static void execute(Infra infra, String sql) throws Exception {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(Infra infra, String sql) throws Exception {
    return infra.queryLong(sql);
  }

  private static long committed(Infra infra, Topic<?> topic, String group) throws Exception {
    return infra.committedOffsets(group, topic.name());
  }

  private static long deadLetters(Infra infra, Topic<?> topic, String group) throws Exception {
    return infra.endOffsets(topic.deadLetter(group));
  }
}
