package io.paystream.benefit;

import static io.paystream.benefit.TestPayments.card;
import static io.paystream.benefit.TestPayments.payment;
import static io.paystream.benefit.TestPayments.t0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.OwnRedisServer;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * benefit-service while its PostgreSQL and Redis fail, without touching the shared servers: another
 * session holds an {@code ACCESS EXCLUSIVE} lock on {@code benefit.payment_benefits} (every payment
 * waits until the 2 s statement timeout cancels it, as on a hung database) while the service's own
 * Redis (the catalog cache) is killed, or {@code pg_terminate_backend} ends the service's
 * connections again and again (as a PostgreSQL restart does). Whatever happens, every payment is
 * recorded once, each tip is written and announced once, nothing goes to {@code
 * payment-stream-benefit-dlt}, and the platform's transient-retry counter moves.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    properties = {
      "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
      "spring.r2dbc.properties.statementTimeout=2s",
      "paystream.kafka.transient-retry.max-interval=1s",
      "paystream.outbox.fallback-poll=1s"
    })
class BenefitDatabaseFaultIT {

  private static final String DLT = Topics.PAYMENT_STREAM.deadLetter("benefit");
  private static final int CUSTOMERS = 20;

  private static OwnRedisServer redis;
  private static final List<NotificationRequested> notifications = new CopyOnWriteArrayList<>();
  private static volatile boolean polling = true;
  private static Thread poller;

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void ownRedis(DynamicPropertyRegistry registry) throws Exception {
    if (redis == null) {
      redis = new OwnRedisServer().start();
    }
    registry.add("spring.data.redis.url", redis::uri);
  }

  @BeforeAll
  static void listen(Infra infra) {
    Properties props = infra.kafkaClientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "benefit-fault-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, Event<?>> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new CloudEventKafkaDeserializer());
    consumer.subscribe(List.of(Topics.NOTIFICATIONS.name()));
    poller =
        Thread.ofPlatform()
            .name("notifications")
            .start(
                () -> {
                  while (polling) {
                    consumer
                        .poll(Duration.ofMillis(200))
                        .forEach(r -> notifications.add((NotificationRequested) r.value().data()));
                  }
                  consumer.close();
                });
  }

  @AfterAll
  static void stop() throws Exception {
    polling = false;
    if (poller != null) {
      poller.join(5_000);
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void paymentsHeldUpByALockedTableAndADeadRedisAreRecordedAndTippedOnceAfterwards(Infra infra)
      throws Exception {
    // given: 20 customers, each with a grocery cash-back card and a debit card, both known
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<CardSnapshot[]> cards = introduce(infra, run);
    long deadBefore = infra.endOffsets(DLT);
    double retriesBefore = transientRetries();

    // each pays groceries with the wrong card (a tip) and twice under the tip floor
    List<PaymentRequested> payments = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      payments.add(payment(customer(run, c), cards.get(c)[1], "5411", 8_000, t0()));
      payments.add(payment(customer(run, c), cards.get(c)[1], "5999", 500, t0().plusMinutes(1)));
      payments.add(payment(customer(run, c), cards.get(c)[0], "5999", 500, t0().plusMinutes(2)));
    }
    long recordedBefore = recorded(infra, run);

    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      // when: Redis dies, another session locks benefit.payment_benefits, then the payments arrive
      redis.kill();
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE benefit.payment_benefits IN ACCESS EXCLUSIVE MODE");
      send(payments);

      // then: the payments fail and are retried in place at least 6 times (the bounded policy for
      // unknown failures dead-letters after 4 attempts), and for 10 s and until then nothing is
      // recorded, tipped or dead-lettered
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> transientRetries() >= retriesBefore + 6);
      await()
          .during(Duration.ofSeconds(10))
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  infra.endOffsets(DLT) == deadBefore
                      && tips(infra, run) == 0
                      && tipNotifications(run) == 0);
      locker.rollback();
    }
    redis.start();

    // and when both are back: every payment recorded once, one tip and one notification each
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> recorded(infra, run) == recordedBefore + payments.size());
    await().atMost(Duration.ofSeconds(30)).until(() -> tipNotifications(run) == CUSTOMERS);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                recorded(infra, run) == recordedBefore + payments.size()
                    && tips(infra, run) == CUSTOMERS
                    && tipNotifications(run) == CUSTOMERS
                    && infra.endOffsets(DLT) == deadBefore);
    assertThat(
            infra.queryLong(
                "SELECT count(DISTINCT payment_id) FROM benefit.tips WHERE customer_id LIKE 'cus-"
                    + run
                    + "-%'"))
        .isEqualTo(CUSTOMERS);
  }

  @Test
  void paymentsRecordedWhileTheServicesConnectionsAreTerminatedAgainAndAgainAreTippedOnce(
      Infra infra) throws Exception {
    // given
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<CardSnapshot[]> cards = introduce(infra, run);
    long deadBefore = infra.endOffsets(DLT);
    long recordedBefore = recorded(infra, run);

    // when: 200 payments (a tip per customer) arrive while every connection of the service is
    // terminated every 200 ms for 6 s (what a PostgreSQL restart does to a pool)
    Thread terminator = Thread.ofPlatform().name("pg-terminator").start(() -> terminate(infra));
    int sent = 0;
    for (int k = 0; k < 10; k++) {
      List<PaymentRequested> wave = new ArrayList<>();
      for (int c = 0; c < CUSTOMERS; c++) {
        wave.add(
            k == 0
                ? payment(customer(run, c), cards.get(c)[1], "5411", 8_000, t0())
                : payment(customer(run, c), cards.get(c)[0], "5999", 500, t0().plusMinutes(k)));
      }
      send(wave);
      sent += wave.size();
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    }
    terminator.join(30_000);
    long expected = recordedBefore + sent;

    // then: every payment recorded once, one tip each; the relay may publish an outbox row again
    // after a lost delete (same event id), so announcements are counted by dedup key
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> recorded(infra, run) == expected);
    await().atMost(Duration.ofSeconds(30)).until(() -> tipNotificationKeys(run) == CUSTOMERS);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                recorded(infra, run) == expected
                    && tips(infra, run) == CUSTOMERS
                    && tipNotificationKeys(run) == CUSTOMERS
                    && infra.endOffsets(DLT) == deadBefore);
  }

  // --- helpers

  private static String customer(String run, int c) {
    return "cus-" + run + "-" + c;
  }

  /** Makes two cards per customer known and waits until the service recorded them. */
  private List<CardSnapshot[]> introduce(Infra infra, String run) {
    List<CardSnapshot[]> cards = new ArrayList<>();
    List<PaymentRequested> intro = new ArrayList<>();
    for (int c = 0; c < CUSTOMERS; c++) {
      CardSnapshot grocer =
          card("tok-g-" + run + "-" + c, "Visa", CardType.CREDIT, "1111", "VISA-PLAT-CASHBACK");
      CardSnapshot debit = card("tok-d-" + run + "-" + c, "Mastercard", CardType.DEBIT, "2222");
      cards.add(new CardSnapshot[] {grocer, debit});
      intro.add(payment(customer(run, c), grocer, "5999", 500, t0().minusDays(20)));
      intro.add(payment(customer(run, c), debit, "5999", 500, t0().minusDays(20)));
    }
    send(intro);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> recorded(infra, run) == intro.size());
    return cards;
  }

  private void send(List<PaymentRequested> payments) {
    CompletableFuture.allOf(
            payments.stream()
                .map(
                    p ->
                        kafka.send(
                            Topics.PAYMENT_STREAM.name(),
                            p.card().token(),
                            Event.of(
                                p.paymentId(), Event.sourceOf("payment-api"), p.paymentId(), p)))
                .toArray(CompletableFuture[]::new))
        .join();
  }

  private static long recorded(Infra infra, String run) throws Exception {
    return infra.queryLong(
        "SELECT count(*) FROM benefit.payment_benefits WHERE customer_id LIKE 'cus-" + run + "-%'");
  }

  private static long tips(Infra infra, String run) throws Exception {
    return infra.queryLong(
        "SELECT count(*) FROM benefit.tips WHERE customer_id LIKE 'cus-" + run + "-%'");
  }

  private static long tipNotifications(String run) {
    return notifications.stream()
        .filter(n -> n.customerId().startsWith("cus-" + run + "-"))
        .count();
  }

  private static long tipNotificationKeys(String run) {
    return notifications.stream()
        .filter(n -> n.customerId().startsWith("cus-" + run + "-"))
        .map(NotificationRequested::dedupKey)
        .distinct()
        .count();
  }

  private double transientRetries() {
    return Search.in(meters)
        .name("paystream.kafka.consumer.transient.retries")
        .tag("group", "benefit")
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
