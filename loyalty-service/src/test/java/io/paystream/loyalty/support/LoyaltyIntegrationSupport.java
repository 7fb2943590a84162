package io.paystream.loyalty.support;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A loyalty-service instance against real Kafka, PostgreSQL and Redis, a token issuer whose JWKS a
 * WireMock server publishes, the registry's {@code customer_contacts} view created in the test
 * database (payment-api owns the real one), and a consumer recording every {@code notifications}
 * record.
 */
@PaystreamIntegrationTest
@AutoConfigureWebTestClient
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public abstract class LoyaltyIntegrationSupport {

  protected static final TestTokens TOKENS = new TestTokens();
  protected static final List<Event<?>> NOTIFICATIONS = new CopyOnWriteArrayList<>();
  private static KafkaConsumer<String, Event<?>> consumer;
  private static Thread poller;
  private static volatile boolean polling;

  @Autowired protected KafkaTemplate<String, Event<?>> kafka;
  protected WebTestClient web;

  @Autowired
  void webClient(WebTestClient client) {
    web = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
  }

  @DynamicPropertySource
  static void jwt(DynamicPropertyRegistry registry) {
    registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TOKENS::jwksUri);
    registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TestTokens.ISSUER);
  }

  @BeforeAll
  static void registryViewAndNotificationConsumer(Infra infra) throws SQLException {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS registry");
      s.execute(
          "CREATE TABLE IF NOT EXISTS registry.customer_contacts (customer_id text PRIMARY KEY,"
              + " name text, phone_e164 text, email text, push_token text, locale text)");
    }
    NOTIFICATIONS.clear();
    Properties props = infra.kafkaClientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "loyalty-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new CloudEventKafkaDeserializer());
    consumer.subscribe(List.of(Topics.NOTIFICATIONS.name()));
    polling = true;
    poller =
        new Thread(
            () -> {
              while (polling) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> NOTIFICATIONS.add(r.value()));
              }
              consumer.close();
            });
    poller.start();
  }

  @AfterAll
  static void stopConsumer() throws InterruptedException {
    polling = false;
    if (poller != null) {
      poller.join(5_000);
    }
  }

  /** Registers a customer in the test's registry view. */
  protected static void registerCustomer(Infra infra, String customerId, String name)
      throws SQLException {
    try (Connection c = infra.openJdbc();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO registry.customer_contacts VALUES (?, ?, '+14155550100',"
                    + " 'someone@example.com', 'push-token', 'en') ON CONFLICT DO NOTHING")) {
      s.setString(1, customerId);
      s.setString(2, name);
      s.executeUpdate();
    }
  }

  /** Publishes payments to {@code payment-stream} keyed by card token; waits for acks. */
  protected void sendPayments(List<Event<PaymentRequested>> events) {
    CompletableFuture<?>[] sends =
        events.stream()
            .map(e -> kafka.send(Topics.PAYMENT_STREAM.name(), e.data().card().token(), e))
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(sends).join();
  }

  /** Publishes decisions to {@code payment-decisions} keyed by card token; waits for acks. */
  protected void sendDecisions(List<Event<PaymentDecided>> events) {
    CompletableFuture<?>[] sends =
        events.stream()
            .map(e -> kafka.send(Topics.PAYMENT_DECISIONS.name(), e.data().cardToken(), e))
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(sends).join();
  }

  /** One long from a query, e.g. {@code SELECT count(*) ...}. */
  protected static long queryLong(Infra infra, String sql, Object... args) throws SQLException {
    try (Connection c = infra.openJdbc();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The counted visits per merchant of a customer, from PostgreSQL. */
  protected static Map<String, Long> countsByMerchant(Infra infra, String customerId)
      throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = infra.openJdbc();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT merchant_id, visits FROM loyalty.visit_counters WHERE customer_id = ?"
                    + " AND visits > 0")) {
      s.setString(1, customerId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          counts.put(r.getString(1), r.getLong(2));
        }
      }
    }
    return counts;
  }

  /** The {@code notifications} records seen for a customer so far. */
  protected static List<Event<?>> notificationsFor(String customerId) {
    return NOTIFICATIONS.stream()
        .filter(
            e ->
                e.data() instanceof io.paystream.contracts.event.NotificationRequested n
                    && n.customerId().equals(customerId))
        .toList();
  }
}
