package io.paystream.fds;

import static io.paystream.fds.TestPayments.BUSAN;
import static io.paystream.fds.TestPayments.NEW_YORK;
import static io.paystream.fds.TestPayments.SEOUL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.OwnRedisServer;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.platform.cache.ReactiveCacheAside;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/**
 * Redis dies in the middle of a payment stream, comes back empty and is then fed stale card
 * profiles: every decision is the one the ledger's rows call for. The test runs its OWN
 * redis-server on a free port ({@code spring.data.redis.url} wins over the shared Redis the
 * infrastructure extension points at).
 */
@PaystreamIntegrationTest
@SpringBootTest(
    properties = {
      "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
      "paystream.cache.circuit-breaker.open-duration=1s",
      // this machine is loaded: give the live Redis time to answer, so "cached" is deterministic
      "paystream.cache.command-timeout=1s"
    })
class FdsRedisDownIT {

  private static final int CARDS = 30;
  private static final Instant T0 = Instant.now().minus(Duration.ofDays(1));

  /** Tokyo Station: from Busan (~960 km) in 40 min is impossible, from Seoul in 2 h 40 min not. */
  private static final GeoLocation TOKYO = new GeoLocation(35.6812, 139.7671, 0.05, "JP");

  private static OwnRedisServer redis;

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  @Autowired MeterRegistry meters;
  @Autowired ReactiveCacheAsideFactory caches;
  @Autowired ReactiveRedisConnectionFactory redisConnections;

  @DynamicPropertySource
  static void ownRedis(DynamicPropertyRegistry registry) throws Exception {
    if (redis == null) {
      redis = new OwnRedisServer().start();
    }
    registry.add("spring.data.redis.url", redis::uri);
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void decidesFromTheLedgerWhenRedisDiesAndWhenItServesStaleProfiles(Infra infra) throws Exception {
    // given the service uses our own Redis, not the shared one
    assertThat(((LettuceConnectionFactory) redisConnections).getPort()).isEqualTo(redis.port());
    List<String> cards =
        IntStream.range(0, CARDS)
            .mapToObj(i -> "card-redis-" + i + "-" + UUID.randomUUID())
            .toList();
    Map<String, Map<String, PaymentRequested>> payments = new HashMap<>();
    cards.forEach(c -> payments.put(c, new HashMap<>()));
    awaitRedisUsableByTheService();

    // and each card paid in Seoul, then in Busan two hours later (both approved, cache in use)
    sendAll(cards, payments, "seoul", SEOUL, T0);
    awaitTransactions(infra, CARDS);
    Map<String, String> seoulSnapshots = new HashMap<>();
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      // written after each commit, so shortly after the rows are visible
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                for (String card : cards) {
                  String raw = c.sync().get(key(card));
                  assertThat(raw).as("profile of %s cached after commit", card).isNotNull();
                  seoulSnapshots.put(card, raw);
                }
              });
    }
    sendAll(cards, payments, "busan", BUSAN, T0.plus(Duration.ofHours(2)));
    awaitTransactions(infra, 2 * CARDS);
    assertThat(counter("fds.card.profile.reads", "source", "cache"))
        .as("Busan payments were decided from cached profiles")
        .isPositive();

    // when Redis is killed mid-stream and the cards pay in New York 30 minutes after Busan
    redis.kill();
    sendAll(cards, payments, "ny", NEW_YORK, T0.plus(Duration.ofMinutes(150)));
    awaitTransactions(infra, 3 * CARDS);
    assertThat(
            meters
                .counter("paystream.cache.gets", "cache", "card-profiles", "result", "bypass")
                .count())
        .as("Redis was really unavailable to the service")
        .isPositive();

    // and Redis comes back empty, is fed the profiles as they were after Seoul (stale by two
    // payments), and the cards pay in Tokyo 40 minutes after Busan
    redis.start();
    awaitRedisUsableByTheService();
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      seoulSnapshots.forEach((card, raw) -> c.sync().set(key(card), raw));
    }
    double staleBefore = counter("fds.card.profile.stale");
    sendAll(cards, payments, "tokyo", TOKYO, T0.plus(Duration.ofMinutes(160)));
    awaitTransactions(infra, 4 * CARDS);

    // then every payment has the decision its ledger rows call for, whatever Redis held
    for (String card : cards) {
      Map<String, PaymentRequested> p = payments.get(card);
      assertThat(decision(infra, p.get("seoul"))).isEqualTo("COMPLETED []");
      assertThat(decision(infra, p.get("busan"))).isEqualTo("COMPLETED []");
      assertThat(decision(infra, p.get("ny")))
          .as("NY is compared with Busan although Redis was down")
          .startsWith("PENDING_VERIFICATION [IMPOSSIBLE_TRAVEL]");
      assertThat(decision(infra, p.get("tokyo")))
          .as("Tokyo is compared with Busan (the row), not Seoul (the stale cache)")
          .startsWith("PENDING_VERIFICATION [IMPOSSIBLE_TRAVEL]");
      double km = travelKm(infra, p.get("tokyo"));
      assertThat(km).as("Busan-Tokyo distance").isBetween(900.0, 1000.0);
    }
    assertThat(counter("fds.card.profile.stale") - staleBefore)
        .as("the stale cached profiles were seen and rejected")
        .isPositive();
    // and no payment was dead-lettered
    assertThat(deadLetters(infra)).isZero();
  }

  private void sendAll(
      List<String> cards,
      Map<String, Map<String, PaymentRequested>> payments,
      String label,
      GeoLocation where,
      Instant at) {
    for (String card : cards) {
      PaymentRequested p = TestPayments.pos(card, where, at);
      payments.get(card).put(label, p);
      kafka.send(
          Topics.PAYMENT_STREAM.name(),
          card,
          Event.of(p.paymentId(), Event.sourceOf("payment-api"), p.paymentId(), p));
    }
    kafka.flush();
  }

  /** Pokes the cache until its Redis circuit is closed again (Lettuce reconnected). */
  private void awaitRedisUsableByTheService() {
    ReactiveCacheAside<String> probe = caches.create("probe", String.class);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              probe.put("ping", "pong").block(Duration.ofSeconds(5));
              probe.get("ping", k -> Mono.just("pong")).block(Duration.ofSeconds(5));
              return caches.circuitBreaker().getState() == CircuitBreaker.State.CLOSED
                  && probe.get("ping", k -> Mono.just("loaded")).block().equals("pong");
            });
  }

  private double counter(String name, String... tags) {
    var found = meters.find(name).tags(tags).counter();
    return found == null ? 0 : found.count();
  }

  private static String key(String card) {
    return "fds-service:card-profiles:" + card;
  }

  private static void awaitTransactions(Infra infra, int n) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> count(infra, "SELECT count(*) FROM ledger.transactions") >= n);
  }

  private static String decision(Infra infra, PaymentRequested p) throws Exception {
    try (Connection c = infra.openJdbc();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT status, array_to_string(reason_codes, ',') FROM ledger.transactions"
                        + " WHERE payment_id = '"
                        + p.paymentId()
                        + "'")) {
      assertThat(rs.next()).as("transaction %s", p.paymentId()).isTrue();
      return rs.getString(1) + " [" + rs.getString(2) + "]";
    }
  }

  private static double travelKm(Infra infra, PaymentRequested p) throws Exception {
    try (Connection c = infra.openJdbc();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT (travel->>'distanceKm')::float8 FROM ledger.transactions"
                        + " WHERE payment_id = '"
                        + p.paymentId()
                        + "'")) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  private static long deadLetters(Infra infra) {
    Properties props = infra.kafkaClientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "fds-it-dlt-" + UUID.randomUUID());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      String dlt = Topics.PAYMENT_STREAM.deadLetter("fds");
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(dlt)
          .forEach(p -> partitions.add(new TopicPartition(dlt, p.partition())));
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static long count(Infra infra, String sql) throws Exception {
    try (Connection c = infra.openJdbc();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
