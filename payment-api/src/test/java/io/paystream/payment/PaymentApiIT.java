package io.paystream.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.card.PanScanner;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.devstack.test.TestAuthServer;
import io.paystream.payment.support.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * payment-api end to end against a real Kafka broker, PostgreSQL and Redis: registry, validation,
 * security, intake with idempotency, the status view, and PAN safety of everything it wrote.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "logging.file.name=target/it-logs/PaymentApiIT.log")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaymentApiIT {

  static final TestAuthServer AUTH = TestAuthServer.start();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PAN = "4242424242424242";
  static final String OTHER_PAN = "5555555555554444";
  static final String MERCHANT = "m_5812_0913";
  static final String ONLINE_MERCHANT = "m_5999_web";
  static final Path LOG = Path.of("target/it-logs/PaymentApiIT.log");
  // recent: a new payment's occurredAt may be at most paystream.payment.max-occurred-age (1 h) old
  static final OffsetDateTime OCCURRED =
      OffsetDateTime.now(java.time.ZoneOffset.ofHours(-5))
          .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          .minusMinutes(10);

  static {
    try {
      Files.deleteIfExists(LOG); // before logging starts: the PAN scan must see this run only
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void auth(DynamicPropertyRegistry registry) {
    AUTH.register(registry);
  }

  @Autowired Environment environment;

  Infra infra;
  WebClient http;
  String admin;
  String writer;
  String reader;
  String cardToken;

  @BeforeAll
  void registry(Infra infra) {
    this.infra = infra;
    http =
        WebClient.builder()
            .baseUrl("http://127.0.0.1:" + environment.getProperty("local.server.port"))
            .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
            .build();
    admin = AUTH.token("admin-cli", null, "admin");
    writer = AUTH.token("pos-nyc-001", MERCHANT, "payments:write payments:read");
    reader = AUTH.token("pos-nyc-001", MERCHANT, "payments:read");

    assertThat(
            call(
                    "PUT",
                    "/v1/customers/cus_000042",
                    admin,
                    "{\"name\":\"Ada Park\",\"phone\":\"+14155550100\","
                        + "\"email\":\"ada@example.com\",\"locale\":\"en\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            call(
                    "PUT",
                    "/v1/merchants/" + MERCHANT,
                    admin,
                    "{\"name\":\"Times Square Deli\",\"mcc\":\"5812\",\"address\":\"1 Times Sq\","
                        + "\"country\":\"US\",\"lat\":40.758,\"lon\":-73.9855,\"accuracyKm\":0.05}")
                .status())
        .isEqualTo(200);
    assertThat(
            call(
                    "PUT",
                    "/v1/merchants/" + ONLINE_MERCHANT,
                    admin,
                    "{\"name\":\"Web Shop\",\"mcc\":\"5999\",\"country\":\"US\"}")
                .status())
        .isEqualTo(200);
    Response card =
        call(
            "POST",
            "/v1/cards",
            admin,
            "{\"customerId\":\"cus_000042\",\"pan\":\""
                + PAN
                + "\",\"expiryMonth\":12,"
                + "\"expiryYear\":2029,\"brand\":\"Visa\",\"type\":\"CREDIT\","
                + "\"productCode\":\"VISA-PLAT-CASHBACK\"}");
    assertThat(card.status()).isEqualTo(201);
    cardToken = card.json().get("cardToken").stringValue();
  }

  @AfterAll
  void stopAuth() {
    AUTH.stop();
  }

  // ---------------------------------------------------------------- OpenAPI

  @Test
  @Order(1)
  void servesItsOpenApiDocumentWithoutATokenWithOnlyTheRoutedPathsAndTheBearerScheme() {
    Response r = call("GET", "/v3/api-docs", null, null);

    assertThat(r.status()).isEqualTo(200);
    JsonNode doc = r.json();
    assertThat(doc.path("openapi").asString()).startsWith("3.");
    assertThat(doc.path("info").path("title").asString()).isEqualTo("paystream payment-api");
    assertThat(doc.path("servers").get(0).path("url").asString()).isEqualTo("/");
    assertThat(
            doc.path("components")
                .path("securitySchemes")
                .path("bearer-jwt")
                .path("scheme")
                .asString())
        .isEqualTo("bearer");
    List<String> paths = new java.util.ArrayList<>(doc.path("paths").propertyNames());
    assertThat(paths)
        .contains(
            "/v1/payments", "/v1/payments/{paymentId}", "/v1/cards", "/v1/customers/{customerId}")
        .allMatch(
            path ->
                path.startsWith("/v1/payments")
                    || path.startsWith("/v1/cards")
                    || path.startsWith("/v1/customers")
                    || path.startsWith("/v1/merchants"));
    assertThat(doc.path("paths").path("/v1/payments").has("post")).isTrue();
    // then: the document never carries a card number
    assertThat(r.body()).doesNotContain(PAN);
  }

  // ---------------------------------------------------------------- registry

  @Test
  @Order(1)
  void registersACardByPanKeepingOnlyTokenBinAndLastFour() {
    Response card = call("GET", "/v1/cards/" + cardToken, admin, null);

    assertThat(card.status()).isEqualTo(200);
    assertThat(card.json().get("bin").stringValue()).isEqualTo("424242");
    assertThat(card.json().get("lastFour").stringValue()).isEqualTo("4242");
    assertThat(card.json().get("cardToken").stringValue()).startsWith("k1_");
    assertThat(card.body()).doesNotContain(PAN);
  }

  @Test
  @Order(1)
  void refusesToRegisterALuhnInvalidPan() {
    Response r =
        call(
            "POST",
            "/v1/cards",
            admin,
            "{\"customerId\":\"cus_000042\",\"pan\":\"4242424242424241\",\"expiryMonth\":12,"
                + "\"expiryYear\":2029,\"brand\":\"Visa\",\"type\":\"CREDIT\"}");

    assertProblem(r, 400, "validation", "pan", "fails the Luhn check");
    assertThat(r.body()).doesNotContain("4242424242424241");
  }

  @Test
  @Order(1)
  void refusesAnElevenDigitPanWithAValidationProblemNamingTheField() {
    // given a Luhn-valid number one digit short of the shortest PAN (ISO/IEC 7812-1: 12)
    String eleven = "60412345674";

    // when
    Response card =
        call(
            "POST",
            "/v1/cards",
            admin,
            "{\"customerId\":\"cus_000042\",\"pan\":\""
                + eleven
                + "\",\"expiryMonth\":12,"
                + "\"expiryYear\":2029,\"brand\":\"Maestro\",\"type\":\"DEBIT\"}");
    Response payment =
        pay(
            writer,
            "eleven-" + UUID.randomUUID(),
            body(b -> b.putObject("card").put("pan", eleven)),
            null);

    // then
    assertProblem(card, 400, "validation", "pan", "must have 12 to 19 digits");
    assertProblem(payment, 400, "validation", "card.pan", "must have 12 to 19 digits");
    assertThat(card.body()).doesNotContain(eleven);
    assertThat(payment.body()).doesNotContain(eleven);
  }

  @Test
  @Order(1)
  void bulkImportsThousandsOfCustomersAndReportsBadRowsByIndex() throws Exception {
    StringBuilder body = new StringBuilder("[");
    int rows = 3000;
    for (int i = 0; i < rows; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"customerId\":\"cus_bulk_")
          .append(i)
          .append("\",\"name\":\"Customer ")
          .append(i)
          .append("\",\"phone\":\"")
          .append(i == 7 ? "555-0100" : "+1415555" + String.format("%04d", i))
          .append("\",\"locale\":\"ko-KR\",\"pushToken\":\"fcm-")
          .append(i)
          .append("\"}");
    }
    body.append("]");

    Response r = call("POST", "/v1/customers/bulk", admin, body.toString());

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("accepted").intValue()).isEqualTo(rows - 1);
    assertThat(r.json().get("rejected").get(0).get("index").intValue()).isEqualTo(7);
    assertThat(r.json().get("rejected").get(0).get("field").stringValue()).isEqualTo("phone");
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), min(phone_e164), max(locale)"
                    + " FROM registry.customer_contacts WHERE customer_id LIKE 'cus_bulk_%'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(rows - 1);
      assertThat(rs.getString(3)).isEqualTo("ko-KR");
    }
  }

  @Test
  @Order(1)
  void bulkImportsMerchantsAndCards() {
    String merchants =
        "[{\"merchantId\":\"m_bulk_1\",\"name\":\"A\",\"mcc\":\"5411\",\"country\":\"KR\","
            + "\"lat\":37.5,\"lon\":127.0,\"accuracyKm\":2},"
            + "{\"merchantId\":\"m_bulk_2\",\"name\":\"B\",\"mcc\":\"54x1\",\"country\":\"KR\"}]";
    Response m = call("POST", "/v1/merchants/bulk", admin, merchants);
    assertThat(m.json().get("accepted").intValue()).isEqualTo(1);
    assertThat(m.json().get("rejected").get(0).get("field").stringValue()).isEqualTo("mcc");

    String cards =
        "[{\"customerId\":\"cus_000042\",\"pan\":\""
            + OTHER_PAN
            + "\",\"expiryMonth\":1,"
            + "\"expiryYear\":2030,\"brand\":\"Mastercard\",\"type\":\"DEBIT\"},"
            + "{\"customerId\":\"cus_nobody\",\"pan\":\"4111111111111111\",\"expiryMonth\":1,"
            + "\"expiryYear\":2030,\"brand\":\"Visa\",\"type\":\"DEBIT\"}]";
    Response c = call("POST", "/v1/cards/bulk", admin, cards);
    assertThat(c.status()).isEqualTo(200);
    assertThat(c.json().get("accepted").intValue()).isEqualTo(1);
    assertThat(c.json().get("cards").get(0).get("lastFour").stringValue()).isEqualTo("4444");
    assertThat(c.json().get("rejected").get(0).get("reason").stringValue())
        .isEqualTo("unknown customer");
  }

  @Test
  @Order(1)
  void registryNeedsTheAdminScope() {
    assertProblem(
        call("GET", "/v1/customers/cus_000042", writer, null), 403, "forbidden", null, null);
    assertProblem(
        call("GET", "/v1/customers/cus_000042", null, null), 401, "unauthorized", null, null);
    assertProblem(call("GET", "/v1/customers/nobody", admin, null), 404, "not-found", null, null);
  }

  // ---------------------------------------------------------------- intake

  @Test
  @Order(2)
  void acceptsAPaymentAndPublishesAnEnrichedEventKeyedByCardToken() {
    String key = "accept-" + UUID.randomUUID();
    Response r = pay(writer, key, body(b -> b.put("terminalId", "T-ACCEPT")), null);

    assertThat(r.status()).isEqualTo(202);
    String paymentId = r.json().get("paymentId").stringValue();
    assertThat(UUID.fromString(paymentId).version()).isEqualTo(7);
    assertThat(r.json().get("status").stringValue()).isEqualTo("RECEIVED");
    assertThat(r.headers().getLocation()).hasToString("/v1/payments/" + paymentId);
    assertThat(r.headers().getFirst("Idempotent-Replayed")).isNull();

    ConsumerRecord<String, Event<?>> record = eventsFor("T-ACCEPT").get(0);
    PaymentRequested event = (PaymentRequested) record.value().data();
    assertThat(record.key()).isEqualTo(cardToken);
    assertThat(record.value().id()).isEqualTo(paymentId);
    assertThat(event.card().token()).isEqualTo(cardToken);
    assertThat(event.card().type()).isEqualTo(CardType.CREDIT);
    assertThat(event.card().productCode()).isEqualTo("VISA-PLAT-CASHBACK");
    assertThat(event.customerId()).isEqualTo("cus_000042");
    assertThat(event.merchant().name()).isEqualTo("Times Square Deli");
    assertThat(event.merchant().mcc()).isEqualTo("5812");
    assertThat(event.amountMinor()).isEqualTo(2350);
    assertThat(event.clientId()).isEqualTo("pos-nyc-001");
    assertThat(event.location().accuracyKm()).isEqualTo(0.05);
    assertThat(event.location().country()).isEqualTo("US");

    Response status = call("GET", "/v1/payments/" + paymentId, reader, null);
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.json().get("status").stringValue()).isEqualTo("RECEIVED");
    assertThat(status.json().get("amount").stringValue()).isEqualTo("23.50");
    assertThat(status.json().get("card").get("lastFour").stringValue()).isEqualTo("4242");
    assertThat(status.json().get("occurredAt").stringValue()).isEqualTo(OCCURRED.toString());
  }

  @Test
  @Order(2)
  void thePublishedEventContinuesTheTraceOfTheRequest() {
    // a caller's W3C trace context; the event is published later by the outbox relay
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    Response r =
        http.post()
            .uri("/v1/payments")
            .headers(
                h -> {
                  h.setBearerAuth(writer);
                  h.set("Idempotency-Key", "traced-" + UUID.randomUUID());
                  h.set("traceparent", "00-" + traceId + "-" + callerSpan + "-01");
                  h.setContentType(MediaType.APPLICATION_JSON);
                })
            .bodyValue(body(b -> b.put("terminalId", "T-TRACE")).toString())
            .exchangeToMono(this::toResponse)
            .block(Duration.ofSeconds(30));
    assertThat(r.status()).isEqualTo(202);

    Header traceparent = eventsFor("T-TRACE").get(0).headers().lastHeader("traceparent");
    assertThat(traceparent).as("the record carries the request's trace context").isNotNull();
    assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
        .as("same trace, payment-api's request span as parent")
        .startsWith("00-" + traceId + "-")
        .doesNotContain(callerSpan);
  }

  @Test
  @Order(2)
  void registersAndPaysWithATwelveDigitMaestroPan() {
    // given a 12-digit Maestro card (ISO/IEC 7812-1 allows 12 digits; Maestro issues them)
    String maestro = "501800000009";
    Response card =
        call(
            "POST",
            "/v1/cards",
            admin,
            "{\"customerId\":\"cus_000042\",\"pan\":\""
                + maestro
                + "\",\"expiryMonth\":12,"
                + "\"expiryYear\":2030,\"brand\":\"Maestro\",\"type\":\"DEBIT\"}");
    assertThat(card.status()).as(card.body()).isEqualTo(201);
    assertThat(card.json().get("bin").stringValue()).isEqualTo("501800");
    assertThat(card.json().get("lastFour").stringValue()).isEqualTo("0009");
    String maestroToken = card.json().get("cardToken").stringValue();

    // when
    Response r =
        pay(
            writer,
            "maestro-" + UUID.randomUUID(),
            body(
                b -> {
                  b.putObject("card").put("pan", maestro);
                  b.put("terminalId", "T-MAESTRO");
                }),
            null);

    // then
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String paymentId = r.json().get("paymentId").stringValue();
    PaymentRequested event = (PaymentRequested) eventsFor("T-MAESTRO").get(0).value().data();
    assertThat(event.card().token()).isEqualTo(maestroToken);
    assertThat(event.card().type()).isEqualTo(CardType.DEBIT);
    Response status = call("GET", "/v1/payments/" + paymentId, reader, null);
    assertThat(status.json().get("card").get("bin").stringValue()).isEqualTo("501800");
    assertThat(status.json().get("card").get("lastFour").stringValue()).isEqualTo("0009");
    assertThat(card.body() + r.body() + status.body()).doesNotContain(maestro);
  }

  @Test
  @Order(2)
  void usesTheMerchantsPlaceForACardPresentPaymentWithoutLocationAndNoneOnline() {
    pay(
        writer,
        "noloc-" + UUID.randomUUID(),
        body(
            b -> {
              b.remove("location");
              b.put("terminalId", "T-NOLOC");
            }),
        null);
    String online = AUTH.token("web-shop", ONLINE_MERCHANT, "payments:write");
    pay(
        online,
        "online-" + UUID.randomUUID(),
        body(
            b -> {
              b.put("merchantId", ONLINE_MERCHANT)
                  .put("channel", "ONLINE")
                  .put("terminalId", "T-WEB");
              ((ObjectNode) b.get("card")).remove("pan");
              ((ObjectNode) b.get("card")).put("token", cardToken);
            }),
        null);

    PaymentRequested noLoc = (PaymentRequested) eventsFor("T-NOLOC").get(0).value().data();
    assertThat(noLoc.location().lat()).isEqualTo(40.758);
    PaymentRequested web = (PaymentRequested) eventsFor("T-WEB").get(0).value().data();
    assertThat(web.location()).isNull();
    assertThat(web.card().token()).isEqualTo(cardToken);
  }

  static Stream<Arguments> invalidPayments() {
    return Stream.of(
        Arguments.of("card", "{\"pan\":\"4242424242424241\"}", "card.pan", "fails the Luhn check"),
        Arguments.of("card", "{\"pan\":\"4111111111111111\"}", "card.pan", "unknown card"),
        Arguments.of(
            "card", "{\"token\":\"k1_" + "B".repeat(43) + "\"}", "card.token", "unknown card"),
        Arguments.of("merchantId", "\"m_nowhere\"", "merchantId", "unknown merchant"),
        Arguments.of("amount", "\"0.00\"", "amount", "must be greater than zero"),
        Arguments.of("amount", "\"-5\"", "amount", "must be greater than zero"),
        Arguments.of("amount", "\"1000000.01\"", "amount", "exceeds the limit of 1000000 USD"),
        Arguments.of("amount", "\"23.505\"", "amount", "has more than 2 decimal places for USD"),
        Arguments.of("amount", "23.5", "amount", "must be a string"),
        Arguments.of("currency", "\"XYZ\"", "currency", "is not an accepted ISO 4217 currency"),
        Arguments.of("channel", "\"ATM\"", "channel", "must be one of POS, APP, ONLINE"),
        Arguments.of("terminalId", "null", "terminalId", "is required"),
        Arguments.of(
            "occurredAt",
            "\"yesterday\"",
            "occurredAt",
            "must be an ISO 8601 date-time with offset"),
        Arguments.of(
            "occurredAt",
            "\"2099-01-01T00:00:00Z\"",
            "occurredAt",
            "is more than 300 s in the future"),
        Arguments.of(
            "location",
            "{\"lat\":-90.1,\"lon\":0,\"accuracyKm\":1}",
            "location.lat",
            "must be between -90 and 90"),
        Arguments.of(
            "location",
            "{\"lat\":0,\"lon\":181,\"accuracyKm\":1}",
            "location.lon",
            "must be between -180 and 180"));
  }

  @ParameterizedTest(name = "{0}={1} -> {2} {3}")
  @MethodSource("invalidPayments")
  @Order(3)
  void answersEachInvalidPaymentWithAValidationProblemNamingFieldAndReason(
      String field, String value, String path, String reason) {
    // a client acting for no merchant (like the simulator), so an unknown merchant is not a 403
    String simulator = AUTH.token("simulator", null, "payments:write");
    Response r =
        pay(
            simulator,
            "bad-" + UUID.randomUUID(),
            body(b -> b.set(field, JSON.readTree(value))),
            null);

    assertProblem(r, 400, "validation", path, reason);
  }

  static Stream<Arguments> hugeLocationNumbers() {
    return Stream.of(
        Arguments.of("lat", "9".repeat(400), "location.lat", "must be a finite number"),
        Arguments.of("lon", "-" + "9".repeat(999), "location.lon", "must be a finite number"),
        Arguments.of(
            "lon", "1" + "0".repeat(350) + ".99", "location.lon", "must be a finite number"),
        Arguments.of("lat", "1E+2147483648", "location.lat", "must be a finite number"),
        Arguments.of(
            "accuracyKm", "9".repeat(300), "location.accuracyKm", "must be between 0 and 20037.5"),
        Arguments.of(
            "accuracyKm",
            "9".repeat(5000),
            "location.accuracyKm",
            "is a number of more than 1000 characters"));
  }

  /**
   * The gateway fuzz found numbers of hundreds of digits in the location answered 503 (a 500 here,
   * Jackson 3's {@code doubleValue()} throwing for an integer beyond {@code double}, which the
   * gateway's circuit breaker turned into its fallback).
   */
  @ParameterizedTest(name = "location.{0} -> {2} {3}")
  @MethodSource("hugeLocationNumbers")
  @Order(3)
  void answersAHugeNumberInTheLocationWithAValidationProblemNamingTheFieldAtOnce(
      String field, String number, String path, String reason) {
    String valid = body(b -> {}).toString();
    String original = "\"" + field + "\":" + body(b -> {}).get("location").get(field).toString();
    assertThat(valid).contains(original);
    String body = valid.replace(original, "\"" + field + "\":" + number);

    long start = System.nanoTime();
    Response r = raw(writer, "huge-" + UUID.randomUUID(), MediaType.APPLICATION_JSON, body);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertProblem(r, 400, "validation", path, reason);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }

  /**
   * What Reactor Netty and the security firewall refuse before any handler runs (header fields over
   * 8 KB, a request line over 4 KB, an encoded NUL or {@code ..} in the path) is a problem too,
   * also here behind the gateway (payment-api is reachable inside the cluster).
   */
  @Test
  @Order(3)
  void answersRequestsRefusedBeforeAnyHandlerWithProblems() throws Exception {
    java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build();
    String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
    Map<String, java.net.http.HttpRequest> requests = new java.util.LinkedHashMap<>();
    requests.put(
        "431",
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/payments/x"))
            .header("Authorization", "Bearer " + reader)
            .header("Idempotency-Key", "k".repeat(10_000))
            .build());
    requests.put(
        "414",
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/v1/payments/" + "0".repeat(10_000)))
            .header("Authorization", "Bearer " + reader)
            .build());
    requests.put(
        "400",
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/payments/%00"))
            .header("Authorization", "Bearer " + reader)
            .build());

    for (Map.Entry<String, java.net.http.HttpRequest> e : requests.entrySet()) {
      java.net.http.HttpResponse<String> r =
          client.send(e.getValue(), java.net.http.HttpResponse.BodyHandlers.ofString());
      int status = Integer.parseInt(e.getKey());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValue(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      JsonNode problem = JSON.readTree(r.body());
      assertThat(problem.get("status").intValue()).isEqualTo(status);
      assertThat(problem.get("type").stringValue()).startsWith("https://paystream.io/problems/");
    }
  }

  @Test
  @Order(3)
  void answersBodyHeaderAndContentTypeErrorsWithProblems() {
    assertProblem(
        raw(writer, "k-" + UUID.randomUUID(), MediaType.APPLICATION_JSON, "{not json"),
        400,
        "validation",
        "body",
        "is not valid JSON");
    assertProblem(
        raw(writer, "k-" + UUID.randomUUID(), MediaType.APPLICATION_JSON, ""),
        400,
        "validation",
        "body",
        "is required");
    assertProblem(
        raw(writer, "k-" + UUID.randomUUID(), MediaType.TEXT_PLAIN, body(b -> {}).toString()),
        415,
        "unsupported-media-type",
        null,
        null);
    assertProblem(
        raw(writer, null, MediaType.APPLICATION_JSON, body(b -> {}).toString()),
        400,
        "validation",
        "Idempotency-Key",
        "header is required");
    assertProblem(
        raw(writer, "x".repeat(256), MediaType.APPLICATION_JSON, body(b -> {}).toString()),
        400,
        "validation",
        "Idempotency-Key",
        "must be 1-255 characters");
  }

  @Test
  @Order(3)
  void refusesMissingWrongScopeForeignIssuerAndForeignMerchantTokens() {
    String body = body(b -> {}).toString();
    assertProblem(
        raw(null, "k", MediaType.APPLICATION_JSON, body), 401, "unauthorized", null, null);
    assertProblem(raw(reader, "k", MediaType.APPLICATION_JSON, body), 403, "forbidden", null, null);
    String foreign = AUTH.token("pos-nyc-001", MERCHANT, "payments:write", "https://evil.example");
    assertProblem(
        raw(foreign, "k", MediaType.APPLICATION_JSON, body), 401, "unauthorized", null, null);
    String otherPos = AUTH.token("pos-other", "m_other", "payments:write");
    assertProblem(
        raw(otherPos, "k", MediaType.APPLICATION_JSON, body), 403, "forbidden", null, null);
  }

  // ---------------------------------------------------------------- idempotency

  @Test
  @Order(4)
  void fiftyConcurrentIdenticalRequestsProduceOneEventOneAcceptanceAndReplays() {
    String key = "concurrent-" + UUID.randomUUID();
    String body = body(b -> b.put("terminalId", "T-CONC")).toString();

    List<Response> responses =
        Flux.range(0, 50)
            .flatMap(i -> rawAsync(writer, key, MediaType.APPLICATION_JSON, body, null), 50)
            .collectList()
            .block(Duration.ofSeconds(60));

    List<Response> fresh =
        responses.stream()
            .filter(r -> r.status() == 202 && r.headers().getFirst("Idempotent-Replayed") == null)
            .toList();
    assertThat(fresh).hasSize(1);
    String paymentId = fresh.get(0).json().get("paymentId").stringValue();
    // the later ones waited for the first one's commit and replay it: no 409, nothing in flight
    assertThat(responses)
        .allSatisfy(
            r -> {
              assertThat(r.status()).as(r.body()).isEqualTo(202);
              assertThat(r.json().get("paymentId").stringValue()).isEqualTo(paymentId);
            });
    assertThat(eventsFor("T-CONC")).hasSize(1);

    Response replay = pay(writer, key, JSON.readTree(body), null);
    assertThat(replay.status()).isEqualTo(202);
    assertThat(replay.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.json().get("paymentId").stringValue()).isEqualTo(paymentId);
    assertThat(eventsFor("T-CONC")).hasSize(1);
  }

  @Test
  @Order(4)
  void replaysForAnEquivalentBodyAndRefusesAChangedOne() {
    String key = "changed-" + UUID.randomUUID();
    Response first = pay(writer, key, body(b -> b.put("terminalId", "T-CHG")), null);
    // same business fields written differently: amount "23.5", the instant in UTC
    Response same =
        pay(
            writer,
            key,
            body(
                b ->
                    b.put("terminalId", "T-CHG")
                        .put("amount", "23.5")
                        .put(
                            "occurredAt",
                            OCCURRED.withOffsetSameInstant(java.time.ZoneOffset.UTC).toString())),
            null);
    Response changed =
        pay(writer, key, body(b -> b.put("terminalId", "T-CHG").put("amount", "23.51")), null);

    assertThat(first.status()).isEqualTo(202);
    assertThat(same.status()).isEqualTo(202);
    assertThat(same.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertProblem(changed, 422, "idempotency-key-reused", null, null);
    Response otherClient =
        pay(
            AUTH.token("pos-nyc-002", MERCHANT, "payments:write"),
            key,
            body(b -> b.put("terminalId", "T-CHG")),
            null);
    assertThat(otherClient.status()).isEqualTo(202);
    assertThat(otherClient.headers().getFirst("Idempotent-Replayed")).isNull();
    assertThat(eventsFor("T-CHG", 2)).hasSize(2);
  }

  @Test
  @Order(4)
  void aKeyReusedAfterTheFormerRetentionFindsItsPaymentAndNeverMakesASecondOne() throws Exception {
    // given a payment accepted under a key
    String key = "reused-" + UUID.randomUUID();
    Response first = pay(writer, key, body(b -> b.put("terminalId", "T-REUSE")), null);
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    String paymentId = first.json().get("paymentId").stringValue();
    // and what 24 h of retention used to do: its idempotency record purged
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF to_regclass('registry.idempotency_records') IS NOT NULL THEN"
              + " DELETE FROM registry.idempotency_records WHERE idempotency_key = '"
              + key
              + "'; END IF; END $$");
    }

    // when the key comes again, with the same body and then with another
    Response same = pay(writer, key, body(b -> b.put("terminalId", "T-REUSE")), null);
    Response other =
        pay(writer, key, body(b -> b.put("terminalId", "T-REUSE").put("amount", "99.00")), null);
    Response sameAgain = pay(writer, key, body(b -> b.put("terminalId", "T-REUSE")), null);

    // then: the earlier payment is replayed, the other body refused, no second payment anywhere
    assertThat(same.status()).as(same.body()).isEqualTo(202);
    assertThat(same.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(same.json().get("paymentId").stringValue()).isEqualTo(paymentId);
    assertProblem(other, 422, "idempotency-key-reused", null, null);
    assertThat(sameAgain.json().get("paymentId").stringValue()).isEqualTo(paymentId);
    assertThat(eventsFor("T-REUSE")).hasSize(1);
    Awaitility.await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(eventsNow("T-REUSE")).hasSize(1));
  }

  @Test
  @Order(4)
  void refusesAnOccurredAtOlderThanAnHourForANewPaymentButReplaysAnAcceptedOne() {
    // given a payment accepted 2 s before its occurredAt turns one hour old
    OffsetDateTime almostAnHourAgo =
        OffsetDateTime.now(java.time.ZoneOffset.UTC)
            .minusHours(1)
            .plusSeconds(2)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String key = "late-" + UUID.randomUUID();
    Edit late = b -> b.put("terminalId", "T-LATE").put("occurredAt", almostAnHourAgo.toString());
    Response accepted = pay(writer, key, body(late), null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> OffsetDateTime.now().minusHours(1).isAfter(almostAnHourAgo.plusSeconds(1)));

    // when the same request is retried, and a new key sends it
    Response retried = pay(writer, key, body(late), null);
    Response fresh = pay(writer, "late-new-" + UUID.randomUUID(), body(late), null);

    // then
    assertThat(retried.status()).as(retried.body()).isEqualTo(202);
    assertThat(retried.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retried.json().get("paymentId").stringValue())
        .isEqualTo(accepted.json().get("paymentId").stringValue());
    assertProblem(fresh, 400, "validation", "occurredAt", "is more than 3600 s in the past");
  }

  @Test
  @Order(4)
  void refusesDuplicateMemberNamesAndFundCurrencyCodes() {
    String duplicated =
        body(b -> b.put("terminalId", "T-DUP"))
            .toString()
            .replace("\"amount\":\"23.50\"", "\"amount\":\"23.50\",\"amount\":\"0.01\"");
    assertThat(duplicated).contains("\"amount\":\"0.01\"");

    assertProblem(
        raw(writer, "dup-" + UUID.randomUUID(), MediaType.APPLICATION_JSON, duplicated),
        400,
        "validation",
        "body",
        "has a duplicate member name");
    assertProblem(
        pay(writer, "usn-" + UUID.randomUUID(), body(b -> b.put("currency", "USN")), null),
        400,
        "validation",
        "currency",
        "is not an accepted ISO 4217 currency");
  }

  // ---------------------------------------------------------------- status view

  @Test
  @Order(5)
  void keepsTheStatusViewFromDecisionsAndAnswersPreferWait() throws Exception {
    String key = "wait-" + UUID.randomUUID();
    Response accepted = pay(writer, key, body(b -> b.put("terminalId", "T-WAIT")), "wait=1");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.headers().getFirst("Preference-Applied")).isEqualTo("wait=1");
    String paymentId = accepted.json().get("paymentId").stringValue();

    decide(paymentId, 1, PaymentStatus.PENDING_VERIFICATION, List.of("IMPOSSIBLE_TRAVEL"));
    decide(paymentId, 2, PaymentStatus.COMPLETED, List.of("VERIFIED_BY_CARDHOLDER"));
    decide(paymentId, 1, PaymentStatus.PENDING_VERIFICATION, List.of("IMPOSSIBLE_TRAVEL"));

    JsonNode view = awaitStatus(paymentId, "COMPLETED");
    assertThat(view.get("reasonCodes").get(0).stringValue()).isEqualTo("VERIFIED_BY_CARDHOLDER");
    Response byKey = call("GET", "/v1/payments?idempotencyKey=" + key, reader, null);
    assertThat(byKey.json().get("paymentId").stringValue()).isEqualTo(paymentId);

    String key2 = "wait2-" + UUID.randomUUID();
    Mono<Response> waiting =
        rawAsync(
            writer,
            key2,
            MediaType.APPLICATION_JSON,
            body(b -> b.put("terminalId", "T-WAIT2")).toString(),
            "wait=8");
    Flux.interval(Duration.ofMillis(200))
        .map(i -> eventsNow("T-WAIT2"))
        .filter(l -> !l.isEmpty())
        .next()
        .map(l -> l.get(0).value().id())
        .doOnNext(id -> decide(id, 1, PaymentStatus.APPROVED, List.of()))
        .subscribe();
    Response decided = waiting.block(Duration.ofSeconds(15));
    assertThat(decided.status()).isEqualTo(200);
    assertThat(decided.json().get("status").stringValue()).isEqualTo("APPROVED");
  }

  @Test
  @Order(5)
  void hidesAPaymentFromOtherClientsAndMerchants() {
    Response accepted =
        pay(writer, "own-" + UUID.randomUUID(), body(b -> b.put("terminalId", "T-OWN")), null);
    String paymentId = accepted.json().get("paymentId").stringValue();

    String stranger = AUTH.token("pos-other", "m_other", "payments:read");
    String sameMerchant = AUTH.token("merchant-backend", MERCHANT, "payments:read");
    assertProblem(
        call("GET", "/v1/payments/" + paymentId, stranger, null), 404, "not-found", null, null);
    assertThat(call("GET", "/v1/payments/" + paymentId, sameMerchant, null).status())
        .isEqualTo(200);
    assertProblem(
        call("GET", "/v1/payments/not-a-uuid", reader, null), 404, "not-found", null, null);
    assertProblem(
        call("GET", "/v1/payments?idempotencyKey=nope", reader, null),
        404,
        "not-found",
        null,
        null);
  }

  @Test
  @Order(5)
  void enrichesFromTheInProcessCacheAndSeesRegistryWritesOfAnyReplicaAtOnce() throws Exception {
    pay(writer, "cache1-" + UUID.randomUUID(), body(b -> b.put("terminalId", "T-CACHE1")), null);

    // a write through this replica's API: evicted here at once
    String renamed =
        "{\"name\":\"Times Square Deli & Grill\",\"mcc\":\"5812\",\"country\":\"US\","
            + "\"lat\":40.758,\"lon\":-73.9855,\"accuracyKm\":0.05}";
    assertThat(call("PUT", "/v1/merchants/" + MERCHANT, admin, renamed).status()).isEqualTo(200);
    pay(writer, "cache2-" + UUID.randomUUID(), body(b -> b.put("terminalId", "T-CACHE2")), null);
    PaymentRequested second = (PaymentRequested) eventsFor("T-CACHE2").get(0).value().data();
    assertThat(second.merchant().name()).isEqualTo("Times Square Deli & Grill");

    // a row changed behind the cache's back is not seen: the intake reads the cache
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE registry.merchants SET name = 'Deli Renamed Elsewhere' WHERE merchant_id = '"
              + MERCHANT
              + "'");
    }
    pay(writer, "cache3-" + UUID.randomUUID(), body(b -> b.put("terminalId", "T-CACHE3")), null);
    PaymentRequested third = (PaymentRequested) eventsFor("T-CACHE3").get(0).value().data();
    assertThat(third.merchant().name()).isEqualTo("Times Square Deli & Grill");

    // what another replica sends after its write: NOTIFY registry_cache
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_notify('registry_cache', 'merchants' || chr(10) || '" + MERCHANT + "')");
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String terminal = "T-CACHE4-" + UUID.randomUUID().toString().substring(0, 8);
              pay(
                  writer,
                  "cache4-" + UUID.randomUUID(),
                  body(b -> b.put("terminalId", terminal)),
                  null);
              PaymentRequested fourth =
                  (PaymentRequested) eventsFor(terminal).get(0).value().data();
              assertThat(fourth.merchant().name()).isEqualTo("Deli Renamed Elsewhere");
            });
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE registry.merchants SET name = 'Times Square Deli & Grill' WHERE merchant_id = '"
              + MERCHANT
              + "'");
      s.execute("SELECT pg_notify('registry_cache', 'merchants' || chr(10) || '*')");
    }
  }

  // ---------------------------------------------------------------- robustness

  @Test
  @Order(6)
  void neverAnswers5xxForRandomOrMalformedBodies() {
    Arbitrary<String> junk =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(200),
            Arbitraries.strings().withChars("{}[]\":,0123456789.-abcenrtul ").ofMaxLength(120),
            Arbitraries.of(
                    "amount",
                    "card",
                    "pan",
                    "token",
                    "location",
                    "lat",
                    "currency",
                    "occurredAt",
                    "channel",
                    "merchantId",
                    "terminalId")
                .list()
                .ofMaxSize(6)
                .flatMap(
                    names ->
                        Arbitraries.of(
                                "null",
                                "1",
                                "-1e309",
                                "\"\"",
                                "\"x\"",
                                "[]",
                                "{}",
                                "{\"pan\":\"4242424242424242\"}",
                                "\"23.50\"",
                                "99999999999999999999",
                                "true",
                                "\"2026-11-21T00:35:00Z\"",
                                "{\"lat\":1e400}")
                            .list()
                            .ofSize(names.size())
                            .map(
                                values -> {
                                  StringBuilder sb = new StringBuilder("{");
                                  for (int i = 0; i < names.size(); i++) {
                                    sb.append(i == 0 ? "" : ",")
                                        .append('"')
                                        .append(names.get(i))
                                        .append("\":")
                                        .append(values.get(i));
                                  }
                                  return sb.append('}').toString();
                                })));
    List<String> bodies = junk.sampleStream().limit(300).toList();

    List<Integer> statuses =
        Flux.fromIterable(bodies)
            .concatMap(
                b ->
                    rawAsync(
                        writer, "fuzz-" + UUID.randomUUID(), MediaType.APPLICATION_JSON, b, null))
            .map(Response::status)
            .collectList()
            .block(Duration.ofSeconds(120));

    assertThat(statuses).hasSize(300).allSatisfy(s -> assertThat(s).isBetween(200, 499));
  }

  // ---------------------------------------------------------------- PAN safety (last)

  @Test
  @Order(100)
  void noLuhnValidPanInLogsTopicsOrTheDatabase() throws Exception {
    List<String> found = new ArrayList<>();

    String logs = Files.readString(LOG, StandardCharsets.UTF_8);
    assertThat(logs).contains("Started PaymentApiIT");
    PanScanner.scan(logs).masked().forEach(p -> found.add("log: " + p));

    Set<String> topics;
    Properties admin = infra.kafkaClientProperties();
    try (Admin a = Admin.create(admin)) {
      topics = a.listTopics().names().get();
    }
    int records = 0;
    for (String topic : topics) {
      for (ConsumerRecord<byte[], byte[]> r :
          TopicReader.raw(infra.kafkaBootstrapServers(), topic, Duration.ofSeconds(5))) {
        records++;
        StringBuilder text = new StringBuilder();
        if (r.key() != null) {
          text.append(new String(r.key(), StandardCharsets.UTF_8)).append('\n');
        }
        if (r.value() != null) {
          text.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
        }
        for (Header h : r.headers()) {
          text.append(h.key())
              .append('=')
              .append(new String(h.value(), StandardCharsets.UTF_8))
              .append('\n');
        }
        PanScanner.scan(text).masked().forEach(p -> found.add(topic + ": " + p));
      }
    }
    assertThat(records).as("records scanned").isGreaterThanOrEqualTo(10);

    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      List<String> relations = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'registry'")) {
        while (rs.next()) {
          relations.add(rs.getString(1));
        }
      }
      assertThat(relations).contains("cards", "payments", "outbox", "customer_contacts");
      for (String relation : relations) {
        try (ResultSet rs = s.executeQuery("SELECT t::text FROM registry.\"" + relation + "\" t")) {
          while (rs.next()) {
            PanScanner.scan(rs.getString(1)).masked().forEach(p -> found.add(relation + ": " + p));
          }
        }
      }
    }
    assertThat(found).as("Luhn-valid 12-19 digit numbers").isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  record Response(int status, HttpHeaders headers, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  interface Edit {
    void apply(ObjectNode body);
  }

  static ObjectNode body(Edit edit) {
    ObjectNode b =
        (ObjectNode)
            JSON.readTree(
                "{\"card\":{\"pan\":\""
                    + PAN
                    + "\"},\"amount\":\"23.50\",\"currency\":\"USD\","
                    + "\"merchantId\":\""
                    + MERCHANT
                    + "\",\"terminalId\":\"T-0001\","
                    + "\"channel\":\"POS\",\"occurredAt\":\""
                    + OCCURRED
                    + "\","
                    + "\"location\":{\"lat\":40.758,\"lon\":-73.9855,\"accuracyKm\":0.05}}");
    edit.apply(b);
    return b;
  }

  Response pay(String token, String key, JsonNode body, String prefer) {
    return rawAsync(token, key, MediaType.APPLICATION_JSON, body.toString(), prefer)
        .block(Duration.ofSeconds(30));
  }

  Response raw(String token, String key, MediaType type, String body) {
    return rawAsync(token, key, type, body, null).block(Duration.ofSeconds(30));
  }

  Mono<Response> rawAsync(String token, String key, MediaType type, String body, String prefer) {
    return http.post()
        .uri("/v1/payments")
        .headers(
            h -> {
              if (token != null) {
                h.setBearerAuth(token);
              }
              if (key != null) {
                h.set("Idempotency-Key", key);
              }
              if (prefer != null) {
                h.set("Prefer", prefer);
              }
              h.setContentType(type);
            })
        .bodyValue(body)
        .exchangeToMono(this::toResponse);
  }

  Response call(String method, String path, String token, String body) {
    WebClient.RequestBodySpec spec =
        http.method(org.springframework.http.HttpMethod.valueOf(method))
            .uri(path)
            .headers(
                h -> {
                  if (token != null) {
                    h.setBearerAuth(token);
                  }
                });
    WebClient.RequestHeadersSpec<?> ready =
        body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    return ready.exchangeToMono(this::toResponse).block(Duration.ofSeconds(30));
  }

  private Mono<Response> toResponse(
      org.springframework.web.reactive.function.client.ClientResponse r) {
    HttpStatusCode status = r.statusCode();
    HttpHeaders headers = r.headers().asHttpHeaders();
    return r.bodyToMono(String.class)
        .defaultIfEmpty("")
        .map(b -> new Response(status.value(), headers, b));
  }

  static void assertProblem(Response r, int status, String type, String field, String reason) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode p = r.json();
    assertThat(p.get("type").stringValue()).isEqualTo("https://paystream.io/problems/" + type);
    assertThat(p.get("status").intValue()).isEqualTo(status);
    if (field != null) {
      assertThat(p.get("errors"))
          .as(r.body())
          .anySatisfy(
              e -> {
                assertThat(e.get("field").stringValue()).isEqualTo(field);
                assertThat(e.get("reason").stringValue()).isEqualTo(reason);
              });
    }
  }

  /** The events of a terminal, once at least one was published (the outbox relay is async). */
  List<ConsumerRecord<String, Event<?>>> eventsFor(String terminalId) {
    return eventsFor(terminalId, 1);
  }

  /** The events of a terminal, once at least {@code atLeast} were published. */
  List<ConsumerRecord<String, Event<?>>> eventsFor(String terminalId, int atLeast) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> eventsNow(terminalId), list -> list.size() >= atLeast);
  }

  /** The events of a terminal published so far. */
  List<ConsumerRecord<String, Event<?>>> eventsNow(String terminalId) {
    return TopicReader.events(
            infra.kafkaBootstrapServers(), Topics.PAYMENT_STREAM.name(), Duration.ofSeconds(5))
        .stream()
        .filter(r -> ((PaymentRequested) r.value().data()).terminalId().equals(terminalId))
        .toList();
  }

  void decide(String paymentId, long sequence, PaymentStatus status, List<String> reasons) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", infra.kafkaBootstrapServers(),
            "key.serializer", StringSerializer.class.getName(),
            "value.serializer", CloudEventKafkaSerializer.class.getName());
    PaymentDecided decided =
        new PaymentDecided(
            paymentId,
            sequence,
            status,
            cardToken,
            "cus_000042",
            MERCHANT,
            "pos-nyc-001",
            2350,
            "USD",
            reasons,
            null,
            OffsetDateTime.parse("2026-11-21T00:35:00-05:00"),
            Instant.now());
    try (KafkaProducer<String, Event<?>> producer = new KafkaProducer<>(config)) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.PAYMENT_DECISIONS.name(),
                  cardToken,
                  Event.of(
                      paymentId + ":" + sequence,
                      Event.sourceOf("fds-service"),
                      paymentId,
                      decided)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode awaitStatus(String paymentId, String status) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> call("GET", "/v1/payments/" + paymentId, reader, null).json(),
            view -> status.equals(view.path("status").stringValue("")));
  }
}
