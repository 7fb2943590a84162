package io.paystream.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.devstack.test.TestAuthServer;
import io.paystream.payment.support.ApiClient;
import io.paystream.payment.support.StatementCounter;
import io.paystream.platform.outbox.OutboxProperties;
import io.paystream.platform.outbox.OutboxRelay;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How many statements payment-api sends to PostgreSQL per accepted payment (issue 16: at most 2),
 * counted at its R2DBC connection factory with r2dbc-proxy after a warm-up (registry caches
 * filled). The outbox relay is off here so that only the intake is counted; the relay's share is in
 * docs/performance.md. Prints the counts by statement kind.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "paystream.outbox.relay-enabled=false")
class IntakeStatementsIT {

  static final TestAuthServer AUTH = TestAuthServer.start();
  static final int PAYMENTS = 100;

  @TestConfiguration
  static class Counting {
    @Bean
    static StatementCounter statementCounter() {
      return new StatementCounter();
    }
  }

  @DynamicPropertySource
  static void auth(DynamicPropertyRegistry registry) {
    AUTH.register(registry);
  }

  @AfterAll
  static void stop() {
    AUTH.stop();
  }

  @Autowired Environment environment;
  @Autowired StatementCounter counter;
  @Autowired ConnectionFactory connectionFactory;

  @Test
  void acceptsAPaymentInAtMostTwoStatementsOnceTheRegistryIsCached() {
    ApiClient http = new ApiClient(environment.getProperty("local.server.port"));
    String admin = AUTH.token("admin-cli", null, "admin");
    String pos = AUTH.token("pos-count", "m_count", "payments:write");
    assertThat(
            call(
                http,
                HttpMethod.PUT,
                "/v1/customers/c_count",
                admin,
                "{\"name\":\"A\",\"phone\":\"+14155550100\",\"locale\":\"en\"}",
                null))
        .isEqualTo(200);
    assertThat(
            call(
                http,
                HttpMethod.PUT,
                "/v1/merchants/m_count",
                admin,
                "{\"name\":\"Shop\",\"mcc\":\"5411\",\"country\":\"US\",\"lat\":40.7,"
                    + "\"lon\":-74.0,\"accuracyKm\":0.1}",
                null))
        .isEqualTo(200);
    assertThat(
            call(
                http,
                HttpMethod.POST,
                "/v1/cards",
                admin,
                "{\"customerId\":\"c_count\",\"pan\":\"4242424242424242\",\"expiryMonth\":1,"
                    + "\"expiryYear\":2031,\"brand\":\"Visa\",\"type\":\"CREDIT\"}",
                null))
        .isEqualTo(201);
    String body =
        "{\"card\":{\"pan\":\"4242424242424242\"},\"amount\":\"12.30\",\"currency\":\"USD\","
            + "\"merchantId\":\"m_count\",\"terminalId\":\"T-COUNT\",\"channel\":\"POS\","
            + "\"occurredAt\":\""
            + OffsetDateTime.now(ZoneOffset.ofHours(-5)).truncatedTo(ChronoUnit.SECONDS)
            + "\"}";
    for (int i = 0; i < 20; i++) { // warm-up: caches filled, pools open
      assertThat(
              call(http, HttpMethod.POST, "/v1/payments", pos, body, "warm-" + UUID.randomUUID()))
          .isEqualTo(202);
    }

    // when
    counter.reset();
    for (int i = 0; i < PAYMENTS; i++) {
      assertThat(
              call(http, HttpMethod.POST, "/v1/payments", pos, body, "count-" + UUID.randomUUID()))
          .isEqualTo(202);
    }
    Map<String, Long> accepted = counter.snapshot();
    double perPayment = counter.total() / (double) PAYMENTS;

    counter.reset();
    String key = "replay-" + UUID.randomUUID();
    call(http, HttpMethod.POST, "/v1/payments", pos, body, key);
    counter.reset();
    assertThat(call(http, HttpMethod.POST, "/v1/payments", pos, body, key)).isEqualTo(202);
    Map<String, Long> replay = counter.snapshot();

    long replayTotal = counter.total();

    // and the relay's share: one pass publishes what the intake queued (relay off until now)
    counter.reset();
    OutboxRelay.Pass pass;
    try (var relay =
        new RelayHandle(
            new OutboxRelay(
                connectionFactory,
                relayTemplate(),
                true,
                OutboxProperties.forTable("registry.outbox"),
                new SimpleMeterRegistry()))) {
      pass = relay.relay().relayOnce().block(Duration.ofSeconds(30));
    }
    Map<String, Long> relayed = counter.snapshot();

    // then
    System.out.printf(
        "intake statements per accepted payment: %.2f %s (over %d); one replay: %d %s;"
            + " one relay pass: %d statements %s for %d rows%n",
        perPayment,
        accepted,
        PAYMENTS,
        replayTotal,
        replay,
        counter.total(),
        relayed,
        pass.published());
    assertThat(pass.published()).isGreaterThanOrEqualTo(PAYMENTS);
    assertThat(perPayment)
        .as("statements per accepted payment " + accepted)
        .isLessThanOrEqualTo(2.0);
  }

  /** A byte-array producer to the test's broker, as the platform builds the relay's. */
  private KafkaTemplate<String, byte[]> relayTemplate() {
    Map<String, Object> props = new HashMap<>();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        environment.getProperty("spring.kafka.bootstrap-servers"));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(
            props, new StringSerializer(), new ByteArraySerializer()));
  }

  private record RelayHandle(OutboxRelay relay) implements AutoCloseable {
    @Override
    public void close() {
      relay.destroy();
    }
  }

  private static int call(
      ApiClient http, HttpMethod method, String path, String token, String body, String key) {
    return http.call(method, path, token, body, key).status();
  }
}
