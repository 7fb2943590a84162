package io.paystream.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.devstack.test.TestAuthServer;
import io.paystream.payment.support.ApiClient;
import io.paystream.payment.support.ApiClient.Response;
import io.paystream.payment.support.TopicReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL stalls under the intake (the payments table locked by another session): a request is
 * answered 503 within {@code record-timeout} telling the client to retry with the same key, a
 * request whose client went away leaves nothing in flight, and in both cases the retry with the
 * same key ends in exactly one payment and one event.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"paystream.payment.record-timeout=1s", "paystream.payment.retry-after=2s"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentDatabaseFaultIT {

  static final TestAuthServer AUTH = TestAuthServer.start();

  @DynamicPropertySource
  static void auth(DynamicPropertyRegistry registry) {
    AUTH.register(registry);
  }

  @Autowired Environment environment;

  Infra infra;
  ApiClient http;
  String pos;

  @BeforeAll
  void registry(Infra infra) {
    this.infra = infra;
    http = new ApiClient(environment.getProperty("local.server.port"));
    String admin = AUTH.token("admin-cli", null, "admin");
    pos = AUTH.token("pos-db", "m_db", "payments:write");
    assertThat(
            call(
                    HttpMethod.PUT,
                    "/v1/customers/c_db",
                    admin,
                    "{\"name\":\"A\",\"phone\":\"+14155550100\",\"locale\":\"en\"}",
                    null)
                .status())
        .isEqualTo(200);
    assertThat(
            call(
                    HttpMethod.PUT,
                    "/v1/merchants/m_db",
                    admin,
                    "{\"name\":\"Shop\",\"mcc\":\"5411\",\"country\":\"US\"}",
                    null)
                .status())
        .isEqualTo(200);
    assertThat(
            call(
                    HttpMethod.POST,
                    "/v1/cards",
                    admin,
                    "{\"customerId\":\"c_db\",\"pan\":\"4242424242424242\",\"expiryMonth\":1,"
                        + "\"expiryYear\":2031,\"brand\":\"Visa\",\"type\":\"CREDIT\"}",
                    null)
                .status())
        .isEqualTo(201);
  }

  @AfterAll
  void stopAuth() {
    AUTH.stop();
  }

  @Test
  void answers503WithTheSameKeyAdviceWhenPostgresStallsAndTheRetryMakesOnePayment()
      throws Exception {
    String key = "stall-" + UUID.randomUUID();
    String body = body("T-STALL");
    assertThat(call(HttpMethod.POST, "/v1/payments", pos, body("T-WARM"), "w-" + key).status())
        .isEqualTo(202);

    Response unavailable;
    long took;
    // given the payments table locked by another session
    try (Connection lock = infra.openJdbc()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE registry.payments IN ACCESS EXCLUSIVE MODE");
      }

      // when
      long started = System.nanoTime();
      unavailable = call(HttpMethod.POST, "/v1/payments", pos, body, key);
      took = System.nanoTime() - started;
      lock.rollback();
    }

    // then: a bounded 503 that says what the client may do
    assertThat(unavailable.status()).as(unavailable.body()).isEqualTo(503);
    assertThat(unavailable.headers().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(unavailable.json().get("type").stringValue())
        .isEqualTo("https://paystream.io/problems/service-unavailable");
    assertThat(unavailable.json().get("detail").stringValue())
        .contains("retry after Retry-After with the same Idempotency-Key");
    assertThat(unavailable.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
    assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(5));

    // and the retry with the same key gives one payment, published once
    assertOnePaymentAfterRetry(key, body, "T-STALL");
  }

  @Test
  void aRequestWhoseClientWentAwayLeavesNothingInFlightAndTheRetryMakesOnePayment()
      throws Exception {
    String key = "gone-" + UUID.randomUUID();
    String body = body("T-GONE");
    try (Connection lock = infra.openJdbc()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE registry.payments IN ACCESS EXCLUSIVE MODE");
      }
      // given a request waiting on PostgreSQL, whose client goes away (as at the gateway's 12 s)
      Disposable request = send(HttpMethod.POST, "/v1/payments", pos, body, key).subscribe();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waitingOnTheLock() > 0);
      request.dispose();
      lock.rollback();
    }

    // when the client retries with the same key, then: one payment, published once
    assertOnePaymentAfterRetry(key, body, "T-GONE");
  }

  private void assertOnePaymentAfterRetry(String key, String body, String terminal) {
    Response retried =
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> call(HttpMethod.POST, "/v1/payments", pos, body, key),
                r -> r.status() == 202);
    String paymentId = retried.json().get("paymentId").stringValue();
    Response again = call(HttpMethod.POST, "/v1/payments", pos, body, key);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().get("paymentId").stringValue()).isEqualTo(paymentId);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> published(terminal).contains(paymentId));
    Awaitility.await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(published(terminal)).containsExactly(paymentId));
  }

  /** Sessions waiting for a lock on the payments table (read outside the lock's transaction). */
  private int waitingOnTheLock() throws Exception {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%registry.payments%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private List<String> published(String terminal) {
    List<ConsumerRecord<String, Event<?>>> events =
        TopicReader.events(
            infra.kafkaBootstrapServers(), Topics.PAYMENT_STREAM.name(), Duration.ofSeconds(5));
    return events.stream()
        .map(r -> (PaymentRequested) r.value().data())
        .filter(e -> e.terminalId().equals(terminal))
        .map(PaymentRequested::paymentId)
        .toList();
  }

  private static String body(String terminal) {
    return "{\"card\":{\"pan\":\"4242424242424242\"},\"amount\":\"12.30\",\"currency\":\"USD\","
        + "\"merchantId\":\"m_db\",\"terminalId\":\""
        + terminal
        + "\",\"channel\":\"ONLINE\",\"occurredAt\":\""
        + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
        + "\"}";
  }

  private Response call(HttpMethod method, String path, String token, String body, String key) {
    return http.call(method, path, token, body, key);
  }

  private Mono<Response> send(
      HttpMethod method, String path, String token, String body, String key) {
    return http.send(method, path, token, body, key);
  }
}
