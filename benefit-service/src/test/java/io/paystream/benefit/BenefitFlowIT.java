package io.paystream.benefit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.paystream.benefit.TestPayments.card;
import static io.paystream.benefit.TestPayments.payment;
import static io.paystream.benefit.TestPayments.t0;
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
import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@PaystreamIntegrationTest
@AutoConfigureWebTestClient
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "paystream.outbox.fallback-poll=5s")
class BenefitFlowIT {

  private static final String ISSUER = "https://issuer.paystream.test";
  private static final WireMockServer JWKS = new WireMockServer(wireMockConfig().dynamicPort());
  private static RSAKey signingKey;
  private static final List<ConsumerRecord<String, Event<?>>> notifications =
      new CopyOnWriteArrayList<>();
  private static final List<ConsumerRecord<String, byte[]>> deadLetters =
      new CopyOnWriteArrayList<>();
  private static volatile boolean polling = true;
  private static final List<Thread> pollers = new ArrayList<>();
  private static Infra infra;

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  WebTestClient web;

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
  static void listen(Infra given) {
    infra = given;
    Properties props = infra.kafkaClientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "benefit-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<String, Event<?>> events =
        new KafkaConsumer<>(props, new StringDeserializer(), new CloudEventKafkaDeserializer());
    events.subscribe(List.of(Topics.NOTIFICATIONS.name()));
    KafkaConsumer<String, byte[]> dlt =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    dlt.subscribe(List.of(Topics.PAYMENT_STREAM.deadLetter("benefit")));
    pollers.add(
        poll(() -> events.poll(Duration.ofMillis(200)).forEach(notifications::add), events));
    pollers.add(poll(() -> dlt.poll(Duration.ofMillis(200)).forEach(deadLetters::add), dlt));
  }

  private static Thread poll(Runnable once, AutoCloseable consumer) {
    Thread t =
        new Thread(
            () -> {
              while (polling) {
                once.run();
              }
              try {
                consumer.close();
              } catch (Exception e) {
                // closing a test consumer
              }
            });
    t.start();
    return t;
  }

  @AfterAll
  static void stop() throws InterruptedException {
    polling = false;
    for (Thread t : pollers) {
      t.join(5_000);
    }
    JWKS.stop();
  }

  private void send(PaymentRequested p) {
    kafka.send(
        Topics.PAYMENT_STREAM.name(),
        p.card().token(),
        Event.of(p.paymentId(), Event.sourceOf("payment-api"), p.paymentId(), p));
  }

  /** Sends and waits until the payment is recorded; returns its tip kind. */
  private String process(PaymentRequested p) {
    send(p);
    return awaitProcessed(p.paymentId());
  }

  private static String awaitProcessed(String paymentId) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                query(
                    "SELECT tip_kind FROM benefit.payment_benefits WHERE payment_id = ?",
                    paymentId),
            v -> v != null);
  }

  private static String query(String sql, String arg) throws Exception {
    try (Connection c = infra.openJdbc();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private static long count(String sql, String arg) throws Exception {
    String v = query(sql, arg);
    return v == null ? 0 : Long.parseLong(v);
  }

  private static List<NotificationRequested> notificationsFor(String paymentId) {
    return notifications.stream()
        .map(r -> (NotificationRequested) r.value().data())
        .filter(n -> paymentId.equals(n.correlationId()))
        .toList();
  }

  /** Makes the cards known (a card is known once used) with payments under the tip floor. */
  private void introduce(String customer, CardSnapshot... cards) {
    for (CardSnapshot c : cards) {
      process(payment(customer, c, "5999", 500, t0().minusDays(20)));
    }
  }

  @Test
  void customerWithThreeCardsPayingAtAGroceryGetsATipNamingTheGroceryCard() throws Exception {
    // given: a grocery cash-back Visa, a Mastercard debit and an Amex miles card, all used before
    CardSnapshot grocer = card("tok-g1", "Visa", CardType.CREDIT, "1111", "VISA-PLAT-CASHBACK");
    CardSnapshot debit = card("tok-d1", "Mastercard", CardType.DEBIT, "2222");
    CardSnapshot miles = card("tok-m1", "Amex", CardType.CREDIT, "3333");
    introduce("cust-three", grocer, debit, miles);

    // when: 80.00 at a supermarket (MCC 5411) with the Mastercard debit
    PaymentRequested groceries = payment("cust-three", debit, "5411", 8_000, t0());
    String kind = process(groceries);

    // then: one benefit-tip naming the Visa 1111, 5 % = 4.00 vs 0.2 % = 0.16
    assertThat(kind).isEqualTo("BETTER_CARD");
    NotificationRequested tip =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> notificationsFor(groceries.paymentId()), l -> !l.isEmpty())
            .getFirst();
    assertThat(tip.templateId()).isEqualTo("benefit-tip");
    assertThat(tip.customerId()).isEqualTo("cust-three");
    assertThat(tip.urgent()).isFalse();
    assertThat(tip.dedupKey()).isEqualTo("benefit-tip:" + groceries.paymentId());
    assertThat(tip.parameters())
        .containsEntry("card", "Visa 1111")
        .containsEntry("difference", "3.84 USD")
        .containsEntry("category", "Grocery");
    ConsumerRecord<String, Event<?>> record =
        notifications.stream().filter(r -> r.value().data() == tip).findFirst().orElseThrow();
    assertThat(record.key()).isEqualTo("cust-three");
    assertThat(record.value().type().name()).isEqualTo("notification.requested.v1");
  }

  @Test
  void sameEventDeliveredThreeTimesGivesOneTip() throws Exception {
    // given
    CardSnapshot grocer = card("tok-g2", "Visa", CardType.CREDIT, "4444", "VISA-PLAT-CASHBACK");
    CardSnapshot debit = card("tok-d2", "Mastercard", CardType.DEBIT, "5555");
    introduce("cust-dup", grocer, debit);
    PaymentRequested groceries = payment("cust-dup", debit, "5411", 8_000, t0());

    // when: the same event three times
    send(groceries);
    send(groceries);
    send(groceries);
    awaitProcessed(groceries.paymentId());
    PaymentRequested after = payment("cust-dup", grocer, "5999", 500, t0().plusMinutes(1));
    process(after); // same card partition order: the duplicates were consumed before this one

    // then
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> notificationsFor(groceries.paymentId()), l -> !l.isEmpty());
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(21))
        .until(() -> notificationsFor(groceries.paymentId()).size() == 1);
    assertThat(notificationsFor(groceries.paymentId())).hasSize(1);
    assertThat(
            count("SELECT count(*) FROM benefit.tips WHERE payment_id = ?", groceries.paymentId()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM benefit.benefit_usage WHERE payment_id = ?",
                groceries.paymentId()))
        .isEqualTo(1);
  }

  @Test
  void throttleAllowsOneTipPerCustomerAndCategoryPerWeekOfEventTime() throws Exception {
    // given
    CardSnapshot grocer = card("tok-g3", "Visa", CardType.CREDIT, "6666", "VISA-PLAT-CASHBACK");
    CardSnapshot debit = card("tok-d3", "Mastercard", CardType.DEBIT, "7777");
    introduce("cust-throttle", grocer, debit);
    OffsetDateTime t = t0();

    // when: grocery with the wrong card at t, t + 3 days, t + 6 days 23 h, t + 7 days
    String first = process(payment("cust-throttle", debit, "5411", 8_000, t));
    String threeDays = process(payment("cust-throttle", debit, "5411", 8_000, t.plusDays(3)));
    String almostWeek =
        process(payment("cust-throttle", debit, "5411", 8_000, t.plusDays(6).plusHours(23)));
    String fuelSameWeek = process(payment("cust-throttle", grocer, "5541", 20_000, t.plusDays(1)));
    String week = process(payment("cust-throttle", debit, "5411", 8_000, t.plusDays(7)));

    // then
    assertThat(first).isEqualTo("BETTER_CARD");
    assertThat(threeDays).isEqualTo("NONE");
    assertThat(almostWeek).isEqualTo("NONE");
    assertThat(fuelSameWeek).as("another MCC group is throttled on its own").isNotEqualTo("NONE");
    assertThat(week).isEqualTo("BETTER_CARD");
    assertThat(
            count(
                "SELECT count(*) FROM benefit.payment_benefits WHERE customer_id = ?"
                    + " AND no_tip_reason = 'THROTTLED'",
                "cust-throttle"))
        .isEqualTo(2);
  }

  @Test
  void refundGetsNoTip() throws Exception {
    // given: a customer who would get a grocery tip for 80.00 on the wrong card
    CardSnapshot grocer = card("tok-g4", "Visa", CardType.CREDIT, "8888", "VISA-PLAT-CASHBACK");
    CardSnapshot debit = card("tok-d4", "Mastercard", CardType.DEBIT, "9999");
    introduce("cust-refund", grocer, debit);

    // when: a refund of 80.00 on the wrong card (amountMinor < 1 breaks payment.requested.v1)
    PaymentRequested refund = payment("cust-refund", debit, "5411", -8_000, t0());
    send(refund);

    // then: it is dead-lettered with the reason, never recorded and never tipped
    ConsumerRecord<String, byte[]> dead =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    deadLetters.stream()
                        .filter(
                            r ->
                                new String(r.value(), StandardCharsets.UTF_8)
                                    .contains(refund.paymentId()))
                        .findFirst()
                        .orElse(null),
                r -> r != null);
    assertThat(
            new String(
                dead.headers().lastHeader("kafka_dlt-exception-message").value(),
                StandardCharsets.UTF_8))
        .contains("amountMinor");
    assertThat(count("SELECT count(*) FROM benefit.tips WHERE payment_id = ?", refund.paymentId()))
        .isZero();
    assertThat(
            query(
                "SELECT 1 FROM benefit.payment_benefits WHERE payment_id = ?", refund.paymentId()))
        .isNull();
    // and the same purchase as a payment is tipped, so the refund's silence is not the throttle's
    assertThat(process(payment("cust-refund", debit, "5411", 8_000, t0().plusMinutes(5))))
        .isEqualTo("BETTER_CARD");
  }

  @Test
  void summaryIsForTheCustomerThemselfOrAnAdminOnly() {
    CardSnapshot grocer = card("tok-g5", "Visa", CardType.CREDIT, "1212", "VISA-PLAT-CASHBACK");
    CardSnapshot debit = card("tok-d5", "Mastercard", CardType.DEBIT, "3434");
    introduce("cust-summary", grocer, debit);
    process(payment("cust-summary", debit, "5411", 8_000, t0()));

    web.get()
        .uri("/v1/benefits/customers/cust-summary/summary?month=2026-11")
        .header("Authorization", "Bearer " + token("app", "payments:read", "cust-summary"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.month")
        .isEqualTo("2026-11")
        .jsonPath("$.cards[?(@.lastFour == '3434')].earned")
        .isEqualTo("0.16")
        .jsonPath("$.cards[?(@.lastFour == '3434')].bestWithYourCards")
        .isEqualTo("4.00")
        .jsonPath("$.cards[?(@.lastFour == '3434')].missed")
        .isEqualTo("3.84");

    web.get()
        .uri("/v1/benefits/customers/cust-summary/summary?month=2026-11")
        .header("Authorization", "Bearer " + token("ops", "admin", null))
        .exchange()
        .expectStatus()
        .isOk();

    web.get()
        .uri("/v1/benefits/customers/cust-summary/summary?month=2026-11")
        .header("Authorization", "Bearer " + token("app", "payments:read", "cust-other"))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/not-found");

    web.get()
        .uri("/v1/benefits/customers/cust-summary/summary?month=November")
        .header("Authorization", "Bearer " + token("app", "payments:read", "cust-summary"))
        .exchange()
        .expectStatus()
        .isBadRequest();

    web.get()
        .uri("/v1/benefits/customers/cust-summary/summary")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void adminEditsTheCatalogAndInvalidRulesAreRefused() {
    String admin = "Bearer " + token("ops", "admin", null);
    String body =
        """
        {"issuer":"Test Bank","name":"Fuel Max","brand":"Visa","type":"CREDIT",
         "rewardKind":"CASHBACK","currency":"USD","annualFeeMinor":0,"publiclyOffered":true,
         "rules":[{"mccGroup":"fuel","rateBp":600,"monthlyCapUnits":3000},{"rateBp":50}]}
        """;
    web.put()
        .uri("/v1/admin/benefits/products/TEST-FUEL-MAX")
        .header("Authorization", admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rules.length()")
        .isEqualTo(2);
    web.get()
        .uri("/v1/admin/benefits/catalog")
        .header("Authorization", admin)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.products[?(@.code == 'TEST-FUEL-MAX')].name")
        .isEqualTo("Fuel Max");

    web.put()
        .uri("/v1/admin/benefits/products/TEST-BAD")
        .header("Authorization", admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body.replace("\"rateBp\":50", "\"rateBp\":50,\"fixedUnits\":10"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("rules[1]");

    web.put()
        .uri("/v1/admin/benefits/products/TEST-FUEL-MAX")
        .header("Authorization", "Bearer " + token("app", "payments:read", "cust-x"))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isForbidden();

    web.delete()
        .uri("/v1/admin/benefits/products/TEST-FUEL-MAX")
        .header("Authorization", admin)
        .exchange()
        .expectStatus()
        .isNoContent();
    web.delete()
        .uri("/v1/admin/benefits/products/TEST-FUEL-MAX")
        .header("Authorization", admin)
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  @Test
  void reportsHealthUp() {
    web.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void refusesATokenForAnotherAudienceAndGuardsTheActuator() {
    web.get()
        .uri("/v1/benefits/customers/c-aud/summary")
        .header("Authorization", "Bearer " + token("ops", "admin", "c-aud", "other"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    web.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
    web.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components")
        .doesNotExist();
  }

  private static String token(String subject, String scope, String customerId) {
    return token(subject, scope, customerId, "paystream");
  }

  private static String token(String subject, String scope, String customerId, String audience) {
    try {
      JWTClaimsSet.Builder claims =
          new JWTClaimsSet.Builder()
              .issuer(ISSUER)
              .subject(subject)
              .audience(audience)
              .claim("scope", scope)
              .expirationTime(Date.from(Instant.now().plusSeconds(300)))
              .issueTime(new Date());
      if (customerId != null) {
        claims.claim("customer_id", customerId);
      }
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
              claims.build());
      jwt.sign(new RSASSASigner(signingKey));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
