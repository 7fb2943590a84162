package io.paystream.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.OwnRedisServer;
import io.paystream.loyalty.support.LoyaltyIntegrationSupport;
import io.paystream.loyalty.support.Payments;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * loyalty-service while its PostgreSQL and Redis fail, without touching the shared servers: another
 * session holds an {@code ACCESS EXCLUSIVE} lock on {@code loyalty.visits} (every batch waits until
 * the 2 s statement timeout cancels it, as on a hung database) while the service's own Redis is
 * killed, or {@code pg_terminate_backend} ends the service's connections again and again (as a
 * PostgreSQL restart does). Whatever happens, every visit is counted exactly once, each VIP grant
 * is announced once, nothing goes to {@code payment-stream-loyalty-dlt}, and the platform's
 * transient-retry counter moves.
 */
@TestPropertySource(
    properties = {
      "spring.r2dbc.properties.statementTimeout=2s",
      "paystream.kafka.transient-retry.max-interval=1s",
      "paystream.outbox.fallback-poll=1s"
    })
class LoyaltyDatabaseFaultIT extends LoyaltyIntegrationSupport {

  private static final OffsetDateTime T0 =
      OffsetDateTime.now(ZoneOffset.UTC).minusDays(40).truncatedTo(ChronoUnit.DAYS);
  private static final String DLT = Topics.PAYMENT_STREAM.deadLetter("loyalty");

  private static OwnRedisServer redis;

  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void ownRedis(DynamicPropertyRegistry registry) throws Exception {
    if (redis == null) {
      redis = new OwnRedisServer().start();
    }
    registry.add("spring.data.redis.url", redis::uri);
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void visitsHeldUpByALockedTableAndADeadRedisAreCountedOnceAfterwardsAndNoneDeadLettered(
      Infra infra) throws Exception {
    // given: the consumer is running (one visit counted)
    String run = UUID.randomUUID().toString().substring(0, 8);
    warmUp(infra, run);
    long deadBefore = infra.endOffsets(DLT);
    double retriesBefore = transientRetries();

    // 20 registered customers, 12 visits each at one merchant (VIP at the 10th, default policy)
    List<Event<PaymentRequested>> events = new ArrayList<>();
    for (int c = 0; c < 20; c++) {
      registerCustomer(infra, customer(run, c), "Customer " + c);
    }
    for (int v = 0; v < 12; v++) {
      for (int c = 0; c < 20; c++) {
        events.add(
            Payments.visit(
                "pay-" + run + "-" + c + "-" + v,
                customer(run, c),
                "m-" + run,
                T0.plusHours(v + 1)));
      }
    }

    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      // when: Redis dies, another session locks loyalty.visits, then the 240 payments arrive
      redis.kill();
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE loyalty.visits IN ACCESS EXCLUSIVE MODE");
      sendPayments(events);

      // then: the batch fails and is retried in place at least 6 times (the bounded policy for
      // unknown failures dead-letters after 4 attempts), and for 10 s and until then nothing is
      // counted or dead-lettered
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> transientRetries() >= retriesBefore + 6);
      await()
          .during(Duration.ofSeconds(10))
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> infra.endOffsets(DLT) == deadBefore && visitsOf(infra, run) == 0);
      locker.rollback();
    }
    redis.start();

    // and when the database and Redis are back: 12 visits per customer, one VIP grant each
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> visitsOf(infra, run) == 240);
    await().atMost(Duration.ofSeconds(30)).until(() -> vipNotifications(run) == 20);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                visitsOf(infra, run) == 240
                    && vipNotifications(run) == 20
                    && infra.endOffsets(DLT) == deadBefore);
    for (int c = 0; c < 20; c++) {
      assertThat(countsByMerchant(infra, customer(run, c))).containsEntry("m-" + run, 12L);
    }
    assertThat(
            queryLong(
                infra,
                "SELECT count(*) FROM loyalty.memberships WHERE merchant_id = ?",
                "m-" + run))
        .isEqualTo(20);
  }

  @Test
  void visitsCountedWhileTheServicesConnectionsAreTerminatedAgainAndAgainAreCountedOnce(Infra infra)
      throws Exception {
    // given
    String run = UUID.randomUUID().toString().substring(0, 8);
    warmUp(infra, run);
    long deadBefore = infra.endOffsets(DLT);

    // when: 300 visits (30 customers x 10) arrive while every connection of the service is
    // terminated every 200 ms for 6 s (what a PostgreSQL restart does to a pool)
    Thread terminator = Thread.ofPlatform().name("pg-terminator").start(() -> terminate(infra));
    for (int v = 0; v < 10; v++) {
      List<Event<PaymentRequested>> wave = new ArrayList<>();
      for (int c = 0; c < 30; c++) {
        wave.add(
            Payments.visit(
                "pay-" + run + "-" + c + "-" + v,
                customer(run, c),
                "m-" + run,
                T0.plusHours(v + 1)));
      }
      sendPayments(wave);
      // spread the waves over the terminator's 6 s
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    }
    terminator.join(30_000);

    // then: every visit counted once, one VIP grant per customer (the 10th visit), no dead letter
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> visitsOf(infra, run) == 300);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(() -> visitsOf(infra, run) == 300 && infra.endOffsets(DLT) == deadBefore);
    assertThat(
            queryLong(
                infra,
                "SELECT count(*) FROM loyalty.visits WHERE payment_id LIKE ?",
                "pay-" + run + "-%-%"))
        .isEqualTo(300);
    assertThat(
            queryLong(
                infra,
                "SELECT count(*) FROM loyalty.memberships WHERE merchant_id = ?",
                "m-" + run))
        .isEqualTo(30);
  }

  // --- helpers

  private static String customer(String run, int c) {
    return "cus-" + run + "-" + c;
  }

  /** Counts one visit and waits for it, so that the consumer is running and nothing in flight. */
  private void warmUp(Infra infra, String run) {
    String customer = "cus-" + run + "-warm";
    sendPayments(List.of(Payments.visit("pay-" + run + "-warm", customer, "m-warm", T0)));
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> !countsByMerchant(infra, customer).isEmpty());
  }

  /** The sum of the run's counted visits at its merchant. */
  private static long visitsOf(Infra infra, String run) throws Exception {
    return queryLong(
        infra,
        "SELECT coalesce(sum(visits), 0) FROM loyalty.visit_counters WHERE merchant_id = ?",
        "m-" + run);
  }

  private static long vipNotifications(String run) {
    return NOTIFICATIONS.stream()
        .filter(
            e ->
                e.data() instanceof io.paystream.contracts.event.NotificationRequested n
                    && n.customerId().startsWith("cus-" + run + "-"))
        .count();
  }

  private double transientRetries() {
    return Search.in(meters)
        .name("paystream.kafka.consumer.transient.retries")
        .tag("group", "loyalty")
        .tag("topic", Topics.PAYMENT_STREAM.name())
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private static void terminate(Infra infra) {
    long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
    try (Connection admin = infra.openJdbc();
        Statement s = admin.createStatement()) {
      while (System.nanoTime() < end) {
        s.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
