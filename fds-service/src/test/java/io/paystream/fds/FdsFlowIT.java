package io.paystream.fds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.paystream.fds.TestPayments.NEW_YORK;
import static io.paystream.fds.TestPayments.SEOUL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.contracts.event.VerificationCompleted;
import io.paystream.contracts.event.VerificationOutcome;
import io.paystream.contracts.event.VerificationRequested;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

@PaystreamIntegrationTest
@AutoConfigureWebTestClient
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"fds.verification.sweep-interval=300ms", "paystream.outbox.fallback-poll=5s"})
class FdsFlowIT {

  private static final String ISSUER = "https://issuer.paystream.test";
  private static final WireMockServer JWKS = new WireMockServer(wireMockConfig().dynamicPort());
  private static RSAKey signingKey;
  private static KafkaConsumer<String, Event<?>> consumer;
  private static final List<Event<?>> published = new CopyOnWriteArrayList<>();
  private static Thread poller;
  private static volatile boolean polling = true;

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  WebTestClient web;
  @Autowired ConfigurableEnvironment environment;

  @Autowired
  void webClient(WebTestClient client) {
    web = client.mutate().responseTimeout(Duration.ofSeconds(60)).build();
  }

  @DynamicPropertySource
  static void jwt(DynamicPropertyRegistry registry) throws Exception {
    if (!JWKS.isRunning()) {
      signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
      JWKS.start();
      JWKS.stubFor(
          get("/oauth2/jwks")
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(new JWKSet(signingKey.toPublicJWK()).toString())));
    }
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> JWKS.baseUrl() + "/oauth2/jwks");
    registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
  }

  @BeforeAll
  static void listenToOutputs(Infra infra) {
    Properties props = infra.kafkaClientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "fds-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new CloudEventKafkaDeserializer());
    consumer.subscribe(
        List.of(Topics.PAYMENT_DECISIONS.name(), Topics.VERIFICATION_REQUESTS.name()));
    poller =
        new Thread(
            () -> {
              while (polling) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> published.add(r.value()));
              }
              consumer.close();
            });
    poller.start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    polling = false;
    poller.join(5_000);
    JWKS.stop();
  }

  private void send(PaymentRequested payment) {
    kafka.send(
        Topics.PAYMENT_STREAM.name(),
        payment.card().token(),
        Event.of(payment.paymentId(), Event.sourceOf("payment-api"), payment.paymentId(), payment));
  }

  private void sendResult(String card, String paymentId, VerificationOutcome outcome) {
    VerificationCompleted result =
        new VerificationCompleted(
            "ver-" + paymentId, paymentId, card, "cust-1", outcome, "SMS", Instant.now());
    kafka.send(
        Topics.VERIFICATION_RESULTS.name(),
        card,
        Event.of(
            "ver-" + paymentId + ":done", Event.sourceOf("verification-api"), paymentId, result));
  }

  private static List<PaymentDecided> decisionsOf(String paymentId) {
    return published.stream()
        .filter(e -> e.data() instanceof PaymentDecided d && d.paymentId().equals(paymentId))
        .map(e -> (PaymentDecided) e.data())
        .toList();
  }

  private static PaymentDecided awaitDecision(String paymentId, PaymentStatus status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                decisionsOf(paymentId).stream()
                    .filter(d -> d.status() == status)
                    .findFirst()
                    .orElse(null),
            d -> d != null);
  }

  /** Seoul, then New York 30 minutes later on the same card. */
  private PaymentRequested seoulThenNewYork(String card) {
    Instant t0 = Instant.now().minus(Duration.ofHours(1));
    PaymentRequested seoul = TestPayments.pos(card, SEOUL, t0);
    PaymentRequested ny = TestPayments.pos(card, NEW_YORK, t0.plus(Duration.ofMinutes(30)));
    send(seoul);
    send(ny);
    awaitDecision(seoul.paymentId(), PaymentStatus.COMPLETED);
    return ny;
  }

  private static String token(String subject, String scope) {
    return token(subject, scope, "paystream");
  }

  /** A token of the test issuer for {@code audience} (auth-server issues {@code paystream}). */
  private static String token(String subject, String scope, String audience) {
    try {
      return signedToken(subject, scope, audience);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signedToken(String subject, String scope, String audience)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(audience)
                .claim("scope", scope)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .issueTime(new Date())
                .build());
    jwt.sign(new RSASSASigner(signingKey));
    return jwt.serialize();
  }

  @Test
  void seoulThenNewYorkThirtyMinutesLaterIsHeldWithDistanceAndSpeed() {
    PaymentRequested ny = seoulThenNewYork("card-travel-" + UUID.randomUUID());

    PaymentDecided held = awaitDecision(ny.paymentId(), PaymentStatus.PENDING_VERIFICATION);

    assertThat(held.sequence()).isEqualTo(1);
    assertThat(held.reasonCodes()).containsExactly("IMPOSSIBLE_TRAVEL");
    assertThat(held.travel().distanceKm()).isBetween(11_000.0, 11_100.0);
    assertThat(held.travel().speedKmh()).isBetween(22_000.0, 22_200.0);
    assertThat(held.travel().gapSeconds()).isEqualTo(1800);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                published.stream()
                    .anyMatch(
                        e ->
                            e.data() instanceof VerificationRequested v
                                && v.paymentId().equals(ny.paymentId())));
  }

  @Test
  void anImmediateApprovalPublishesOneDecisionTheFinalOne() {
    PaymentRequested p =
        TestPayments.pos("card-once-" + UUID.randomUUID(), SEOUL, Instant.now().minusSeconds(60));
    send(p);

    PaymentDecided done = awaitDecision(p.paymentId(), PaymentStatus.COMPLETED);
    assertThat(done.sequence()).isEqualTo(2);
    assertThat(done.reasonCodes()).isEmpty();
    // the ledger keeps both steps; the topic carries only the resting state, and nothing follows
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> decisionsOf(p.paymentId()), d -> d.size() == 1);
  }

  @Test
  void approvedVerificationCompletesThePaymentAndMovesTheLastLocation() {
    String card = "card-approve-" + UUID.randomUUID();
    PaymentRequested ny = seoulThenNewYork(card);
    awaitDecision(ny.paymentId(), PaymentStatus.PENDING_VERIFICATION);

    sendResult(card, ny.paymentId(), VerificationOutcome.APPROVED);

    PaymentDecided done = awaitDecision(ny.paymentId(), PaymentStatus.COMPLETED);
    assertThat(done.sequence()).isEqualTo(2);
    assertThat(done.reasonCodes()).containsExactly("VERIFIED_BY_CARDHOLDER");
    // the verified traveller pays in New York again: no longer impossible
    PaymentRequested again =
        TestPayments.pos(card, NEW_YORK, ny.occurredAt().toInstant().plus(Duration.ofMinutes(20)));
    send(again);
    assertThat(awaitDecision(again.paymentId(), PaymentStatus.COMPLETED).reasonCodes()).isEmpty();
  }

  @Test
  void rejectedVerificationDeniesThePaymentAndSuspendsTheCard() {
    String card = "card-reject-" + UUID.randomUUID();
    PaymentRequested ny = seoulThenNewYork(card);
    awaitDecision(ny.paymentId(), PaymentStatus.PENDING_VERIFICATION);

    sendResult(card, ny.paymentId(), VerificationOutcome.REJECTED);

    assertThat(awaitDecision(ny.paymentId(), PaymentStatus.DENIED).reasonCodes())
        .containsExactly("REJECTED_BY_CARDHOLDER");
    PaymentRequested next =
        TestPayments.pos(card, SEOUL, ny.occurredAt().toInstant().plus(Duration.ofDays(1)));
    send(next);
    assertThat(awaitDecision(next.paymentId(), PaymentStatus.DENIED).reasonCodes())
        .containsExactly("CARD_SUSPENDED");
  }

  @Test
  void noAnswerExpiresThePaymentByTheSweeper(Infra infra) throws Exception {
    String card = "card-expire-" + UUID.randomUUID();
    PaymentRequested ny = seoulThenNewYork(card);
    awaitDecision(ny.paymentId(), PaymentStatus.PENDING_VERIFICATION);

    // the default timeout is 10 minutes: make the hold 11 minutes old
    try (Connection c = infra.openJdbc()) {
      c.createStatement()
          .executeUpdate(
              "UPDATE ledger.transactions SET updated_at = now() - interval '11 minutes'"
                  + " WHERE payment_id = '"
                  + ny.paymentId()
                  + "'");
    }

    assertThat(awaitDecision(ny.paymentId(), PaymentStatus.EXPIRED).reasonCodes())
        .containsExactly("VERIFICATION_TIMEOUT");
  }

  @Test
  void historyShowsTheLedgerToItsOwnerOnlyAndRebuildsPastStates() throws Exception {
    PaymentRequested ny = seoulThenNewYork("card-history-" + UUID.randomUUID());
    awaitDecision(ny.paymentId(), PaymentStatus.PENDING_VERIFICATION);
    String owner = token(ny.clientId(), "payments:read");

    JsonNode full =
        web.get()
            .uri("/v1/payments/{id}/history", ny.paymentId())
            .headers(h -> h.setBearerAuth(owner))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    assertThat(full.get("status").asString()).isEqualTo("PENDING_VERIFICATION");
    assertThat(full.get("events")).hasSize(2);

    web.get()
        .uri("/v1/payments/{id}/history?asOf=0", ny.paymentId())
        .headers(h -> h.setBearerAuth(owner))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("RECEIVED");

    web.get()
        .uri("/v1/payments/{id}/history", ny.paymentId())
        .headers(h -> h.setBearerAuth(token("someone-else", "payments:read")))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType("application/problem+json");

    web.get()
        .uri("/v1/admin/verifications/pending")
        .headers(h -> h.setBearerAuth(token("ops", "admin")))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.paymentId == '" + ny.paymentId() + "')]")
        .exists();
  }

  @Test
  void aRaisedSpeedLimitTakesEffectAfterARefreshWithoutRestart() {
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "configmap", Map.of("fds.rules.impossible-travel.max-speed-kmh", "100000")));
    try {
      refresh();

      PaymentRequested ny = seoulThenNewYork("card-refresh-" + UUID.randomUUID());

      assertThat(awaitDecision(ny.paymentId(), PaymentStatus.COMPLETED).travel().speedKmh())
          .isGreaterThan(20_000);
    } finally {
      environment.getPropertySources().remove("configmap");
      refresh();
    }
  }

  private void refresh() {
    web.post()
        .uri("/actuator/refresh")
        .headers(h -> h.setBearerAuth(token("ops", "admin")))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void refreshNeedsAnAdminTokenAndHealthShowsNoDetails() {
    // when a caller without a token, or with a token without scope admin, asks for a refresh
    web.post()
        .uri("/actuator/refresh")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType("application/problem+json");
    web.post()
        .uri("/actuator/refresh")
        .headers(h -> h.setBearerAuth(token("pos-1", "payments:read")))
        .exchange()
        .expectStatus()
        .isForbidden();

    // then it is refused; the open health endpoint says UP and nothing about its dependencies
    web.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components")
        .doesNotExist()
        .jsonPath("$.details")
        .doesNotExist();
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    // given a token our issuer signed for another audience (another resource server's token)
    String elsewhere = token("ops", "admin payments:read", "reporting-api");

    // then every route refuses it as an invalid token
    web.get()
        .uri("/v1/admin/verifications/pending")
        .headers(h -> h.setBearerAuth(elsewhere))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    web.get()
        .uri("/v1/admin/verifications/pending")
        .headers(h -> h.setBearerAuth(token("ops", "admin")))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void eachPaymentHasOneTransactionRowAndItsEvents(Infra infra) throws Exception {
    PaymentRequested ny = seoulThenNewYork("card-rows-" + UUID.randomUUID());
    awaitDecision(ny.paymentId(), PaymentStatus.PENDING_VERIFICATION);
    send(ny); // redelivery

    Thread.sleep(1_000);
    try (Connection c = infra.openJdbc();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT (SELECT count(*) FROM ledger.transactions WHERE payment_id = '"
                        + ny.paymentId()
                        + "'), (SELECT count(*) FROM ledger.payment_events WHERE payment_id = '"
                        + ny.paymentId()
                        + "')")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(rs.getInt(2)).isEqualTo(2);
    }
  }
}
