package io.paystream.fds;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
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
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.fds.rules.FraudRuleSetRegistry;
import io.paystream.fds.ruleset.RuleSets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Fraud rules as data against real PostgreSQL and Kafka: a rule saved through the admin API decides
 * the next payments of a running fds, a shadow rule is counted but never decides, an invalid rule
 * is refused with its position, and a second replica reaches the same version through {@code
 * NOTIFY} alone (both fallback polls are an hour).
 */
@PaystreamIntegrationTest
@AutoConfigureWebTestClient
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"fds.fraud-rules.poll-interval=1h", "paystream.outbox.fallback-poll=5s"})
class FraudRulesIT {

  private static final String ISSUER = "https://issuer.paystream.test";
  private static final WireMockServer JWKS = new WireMockServer(wireMockConfig().dynamicPort());
  private static RSAKey signingKey;

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  @Autowired FraudRuleSetRegistry registry;
  @Autowired MeterRegistry meters;
  WebTestClient web;

  @Autowired
  void webClient(WebTestClient client) {
    web = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
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

  @AfterAll
  static void stopJwks() {
    JWKS.stop();
  }

  private static String adminToken() {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
              new JWTClaimsSet.Builder()
                  .issuer(ISSUER)
                  .subject("risk-ops")
                  .audience("paystream")
                  .claim("scope", "admin")
                  .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                  .issueTime(new Date())
                  .build());
      jwt.sign(new RSASSASigner(signingKey));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String currentEtag() {
    return web.get()
        .uri("/v1/admin/fraud-rules")
        .headers(h -> h.setBearerAuth(adminToken()))
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(JsonNode.class)
        .getResponseHeaders()
        .getETag();
  }

  /** The default rules plus {@code extra}, as the PUT body. */
  private static Map<String, Object> defaultsPlus(String reason, Map<String, Object> extra) {
    JsonNode defaults =
        io.paystream.contracts.serde.EventJson.mapper().readTree(RuleSets.defaultJson());
    List<Object> rules = new java.util.ArrayList<>();
    defaults
        .get("rules")
        .forEach(
            r ->
                rules.add(
                    io.paystream.contracts.serde.EventJson.mapper().convertValue(r, Map.class)));
    if (extra != null) {
      rules.add(extra);
    }
    Map<String, Object> body = new HashMap<>();
    body.put("rules", rules);
    body.put("reason", reason);
    return body;
  }

  private WebTestClient.ResponseSpec put(String etag, Map<String, Object> body) {
    return web.put()
        .uri("/v1/admin/fraud-rules")
        .headers(
            h -> {
              h.setBearerAuth(adminToken());
              if (etag != null) {
                h.setIfMatch(etag);
              }
            })
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private void send(PaymentRequested payment) {
    kafka.send(
        Topics.PAYMENT_STREAM.name(),
        payment.card().token(),
        Event.of(payment.paymentId(), Event.sourceOf("payment-api"), payment.paymentId(), payment));
  }

  private static PaymentRequested online(long amountMinor) {
    return TestPayments.payment(
        UUID.randomUUID().toString(),
        "card-rules-" + UUID.randomUUID(),
        Channel.ONLINE,
        null,
        Instant.now().minusSeconds(5),
        amountMinor,
        "USD");
  }

  /** The ledger's status, reason codes and rule-set version of a payment, once decided. */
  private static Map<String, Object> ledgerRow(Infra infra, String paymentId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try (Connection c = infra.openJdbc();
                  PreparedStatement s =
                      c.prepareStatement(
                          "SELECT t.status, array_to_string(t.reason_codes, ',') AS reasons,"
                              + " t.rule_set_version, e.data::text AS data"
                              + " FROM ledger.transactions t JOIN ledger.payment_events e"
                              + " ON e.payment_id = t.payment_id AND e.sequence = 1"
                              + " WHERE t.payment_id = ?")) {
                s.setString(1, paymentId);
                try (ResultSet r = s.executeQuery()) {
                  if (!r.next()) {
                    return null;
                  }
                  Map<String, Object> row = new HashMap<>();
                  row.put("status", r.getString("status"));
                  row.put("reasons", r.getString("reasons"));
                  row.put("version", r.getLong("rule_set_version"));
                  row.put("data", r.getString("data"));
                  return row;
                }
              }
            },
            r -> r != null);
  }

  @Test
  void aRuleChangedThroughTheApiDecidesTheNextPaymentsWithoutRestart(Infra infra) {
    // before: 4242.42 USD online on a new card passes the defaults
    PaymentRequested before = online(424_242);
    send(before);
    assertThat(ledgerRow(infra, before.paymentId())).containsEntry("status", "COMPLETED");

    // when risk ops add a decline rule for exactly that amount
    String etag = currentEtag();
    JsonNode saved =
        put(
                etag,
                defaultsPlus(
                    "block the 4242.42 test pattern",
                    Map.of(
                        "name",
                        "block_424242",
                        "expression",
                        "amount_minor == 424242 && !card_present",
                        "action",
                        "decline")))
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    long version = saved.get("version").asLong();
    assertThat(version).isGreaterThan(Long.parseLong(etag.replace("\"", "")));
    assertThat(saved.get("createdBy").asString()).isEqualTo("risk-ops");

    // then the same fds declines the next such payment under the new version, and says why
    PaymentRequested after = online(424_242);
    send(after);
    Map<String, Object> row = ledgerRow(infra, after.paymentId());
    assertThat(row).containsEntry("status", "DENIED").containsEntry("version", version);
    assertThat((String) row.get("reasons")).isEqualTo("BLOCK_424242");
    assertThat((String) row.get("data")).contains("\"fired\": [\"block_424242\"]");

    // and a stale If-Match is refused, a missing one too
    put(etag, defaultsPlus("stale", null)).expectStatus().isEqualTo(412);
    put(null, defaultsPlus("no precondition", null)).expectStatus().isEqualTo(428);

    // the versions list names who, why
    web.get()
        .uri("/v1/admin/fraud-rules/versions")
        .headers(h -> h.setBearerAuth(adminToken()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].version")
        .isEqualTo(version)
        .jsonPath("$[0].reason")
        .isEqualTo("block the 4242.42 test pattern");
  }

  @Test
  void aShadowRuleIsCountedButNeverDecides(Infra infra) {
    put(
            currentEtag(),
            defaultsPlus(
                "try a rule in shadow",
                Map.of(
                    "name",
                    "shadow_434343",
                    "expression",
                    "amount_minor == 434343",
                    "action",
                    "decline",
                    "mode",
                    "shadow")))
        .expectStatus()
        .isOk();
    double before = hits("shadow_434343");

    PaymentRequested p = online(434_343);
    send(p);

    Map<String, Object> row = ledgerRow(infra, p.paymentId());
    assertThat(row).containsEntry("status", "COMPLETED").containsEntry("reasons", "");
    assertThat((String) row.get("data")).contains("\"shadow\": [\"shadow_434343\"]");
    await().atMost(Duration.ofSeconds(5)).until(() -> hits("shadow_434343") >= before + 1);
  }

  private double hits(String rule) {
    var counter = meters.find("fds.rule.hits").tags("rule", rule, "mode", "shadow").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void anInvalidRuleIsRefusedWithItsLineAndColumn() {
    String etag = currentEtag();
    long applied = registry.current().version();

    put(
            etag,
            defaultsPlus(
                "typo",
                Map.of(
                    "name",
                    "bad_rule",
                    "expression",
                    "card_present &&\n  amount > 'ten'",
                    "action",
                    "decline")))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/invalid-rule-set")
        .jsonPath("$.errors[0].rule")
        .isEqualTo("bad_rule")
        .jsonPath("$.errors[0].line")
        .isEqualTo(2)
        .jsonPath("$.errors[0].column")
        .isEqualTo(10)
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("bad_rule").contains("2:10"));

    // nothing was stored: the same ETag still holds, the replica applies what it did
    assertThat(currentEtag()).isEqualTo(etag);
    assertThat(registry.current().version()).isEqualTo(applied);
  }

  @Test
  void aSecondReplicaReachesTheSameVersionThroughNotifyAlone(Infra infra) {
    Map<String, Object> props = new HashMap<>(infra.springProperties());
    props.put("server.port", "0");
    props.put("management.server.port", "0");
    props.put("spring.kafka.listener.auto-startup", "false");
    props.put("paystream.outbox.relay-enabled", "false");
    props.put("fds.fraud-rules.poll-interval", "1h");
    props.put(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", JWKS.baseUrl() + "/oauth2/jwks");
    props.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER);
    // command-line arguments: they outrank application.yml (builder properties would not)
    String[] args =
        props.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    try (ConfigurableApplicationContext replica =
        new SpringApplicationBuilder(FdsServiceApplication.class)
            .web(WebApplicationType.REACTIVE)
            .profiles("test")
            .run(args)) {
      FraudRuleSetRegistry other = replica.getBean(FraudRuleSetRegistry.class);
      assertThat(other.current().version()).isEqualTo(registry.current().version());

      long saved =
          put(currentEtag(), defaultsPlus("replicas agree", null))
              .expectStatus()
              .isOk()
              .expectBody(JsonNode.class)
              .returnResult()
              .getResponseBody()
              .get("version")
              .asLong();

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(other.current().version()).isEqualTo(saved);
                assertThat(registry.current().version()).isEqualTo(saved);
              });
    }
  }
}
