package io.paystream.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.devstack.test.TestAuthServer;
import io.paystream.payment.support.ApiClient;
import io.paystream.payment.support.ApiClient.Response;
import io.paystream.payment.support.RestartableKafkaBroker;
import io.paystream.payment.support.TopicReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kafka goes away under payment-api and comes back on the same address: the intake keeps accepting
 * (store and forward: the payment and its event are committed, the outbox relay publishes once the
 * broker is back), a retry with the same key replays, and each payment is published exactly once.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "paystream.outbox.max-backoff=1s")
class PaymentKafkaOutageIT {

  static final TestAuthServer AUTH = TestAuthServer.start();
  static final RestartableKafkaBroker KAFKA = RestartableKafkaBroker.start();

  static {
    KAFKA.createTopics(
        List.of(
            new NewTopic(Topics.PAYMENT_STREAM.name(), 3, (short) 1),
            new NewTopic(Topics.PAYMENT_DECISIONS.name(), 3, (short) 1)));
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    AUTH.register(registry);
    // producer/consumer-level servers win over the devstack's spring.kafka.bootstrap-servers
    registry.add("spring.kafka.producer.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("spring.kafka.consumer.bootstrap-servers", KAFKA::bootstrapServers);
  }

  @AfterAll
  static void stop() {
    KAFKA.stop();
    AUTH.stop();
  }

  @Autowired Environment environment;

  @Test
  void acceptsWhileKafkaIsDownAndPublishesEachPaymentOnceWhenItIsBack() {
    ApiClient http = new ApiClient(environment.getProperty("local.server.port"));
    String admin = AUTH.token("admin-cli", null, "admin");
    String pos = AUTH.token("pos-1", "m_1", "payments:write");
    call(
        http,
        "PUT",
        "/v1/customers/c1",
        admin,
        "{\"name\":\"A\",\"phone\":\"+821012345678\",\"locale\":\"ko\"}");
    call(
        http,
        "PUT",
        "/v1/merchants/m_1",
        admin,
        "{\"name\":\"Shop\",\"mcc\":\"5411\",\"country\":\"KR\",\"lat\":37.5,\"lon\":127.0,"
            + "\"accuracyKm\":0.1}");
    assertThat(
            call(
                    http,
                    "POST",
                    "/v1/cards",
                    admin,
                    "{\"customerId\":\"c1\",\"pan\":\"4242424242424242\",\"expiryMonth\":1,"
                        + "\"expiryYear\":2030,\"brand\":\"Visa\",\"type\":\"CREDIT\"}")
                .status())
        .isEqualTo(201);
    String body =
        "{\"card\":{\"pan\":\"4242424242424242\"},\"amount\":\"45000\",\"currency\":\"KRW\","
            + "\"merchantId\":\"m_1\",\"terminalId\":\"T-OUTAGE\",\"channel\":\"POS\","
            + "\"occurredAt\":\""
            + OffsetDateTime.now(ZoneOffset.ofHours(9)).truncatedTo(ChronoUnit.SECONDS)
            + "\"}";
    assertThat(call(http, "POST", "/v1/payments", pos, body, "warm-" + UUID.randomUUID()).status())
        .isEqualTo(202);
    String key = "outage-" + UUID.randomUUID();

    // given Kafka is down
    KAFKA.stop();

    // when
    long started = System.nanoTime();
    Response accepted = call(http, "POST", "/v1/payments", pos, body, key);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Response replay = call(http, "POST", "/v1/payments", pos, body, key);

    // then: accepted at once, durable, and a retry finds it
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    String paymentId = accepted.json().get("paymentId").stringValue();
    assertThat(replay.status()).isEqualTo(202);
    assertThat(replay.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.json().get("paymentId").stringValue()).isEqualTo(paymentId);

    // when Kafka is back on the same address, the relay publishes it, once
    KAFKA.startAgain();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> outageEvents().contains(paymentId));
    Awaitility.await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(outageEvents()).hasSize(2).contains(paymentId));
  }

  /** Payment ids published for terminal T-OUTAGE (the warm-up payment and the one under test). */
  private static List<String> outageEvents() {
    List<ConsumerRecord<String, Event<?>>> events =
        TopicReader.events(
            KAFKA.bootstrapServers(), Topics.PAYMENT_STREAM.name(), Duration.ofSeconds(5));
    return events.stream()
        .map(r -> (PaymentRequested) r.value().data())
        .filter(e -> e.terminalId().equals("T-OUTAGE"))
        .map(PaymentRequested::paymentId)
        .toList();
  }

  private static Response call(
      ApiClient http, String method, String path, String token, String body) {
    return call(http, method, path, token, body, null);
  }

  private static Response call(
      ApiClient http, String method, String path, String token, String body, String key) {
    return http.call(HttpMethod.valueOf(method), path, token, body, key);
  }
}
