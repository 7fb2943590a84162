package io.paystream.simulator.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplayEngineTest {

  private WireMockServer wm;
  private ReplayStats stats;

  @BeforeEach
  void startFakeGatewayAndAuth() {
    wm = new WireMockServer(options().dynamicPort().globalTemplating(true));
    wm.start();
    wm.stubFor(
        post("/oauth2/token")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
    stats = new ReplayStats();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  private ReplayEngine engine(Duration timeout, int concurrency) {
    HttpJson http = Fixtures.http(timeout);
    Endpoints endpoints = Fixtures.endpoints(wm.baseUrl());
    PaymentClient client =
        new PaymentClient(
            http, endpoints, Fixtures.terminals(http, endpoints), stats, 3, Duration.ZERO);
    return new ReplayEngine(client, stats, concurrency, 0, "run-1");
  }

  private static Map<String, Card> cards() {
    return Map.of(
        Fixtures.CARD.cardId(), Fixtures.CARD, Fixtures.OTHER_CARD.cardId(), Fixtures.OTHER_CARD);
  }

  private void acceptPayments() {
    wm.stubFor(
        post("/v1/payments")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"paymentId\":\"{{randomValue type='UUID'}}\",\"status\":\"RECEIVED\"}")));
  }

  @Test
  void sendsTheDocumentedPaymentWithTheTerminalsTokenAndAnIdempotencyKey() {
    acceptPayments();
    Transaction t = Fixtures.tx("tx-1", Fixtures.CARD, "2026-11-21T00:35:00-05:00", false);

    List<PaymentOutcome> outcomes =
        engine(Duration.ofSeconds(5), 4).replay(List.of(t), cards(), o -> {});

    assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.accepted()).isTrue());
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/payments"))
            .withHeader("Authorization", equalTo("Bearer tok-1"))
            .withHeader("Idempotency-Key", equalTo("run-1:tx-1"))
            .withRequestBody(
                equalToJson(
                    """
                    {"card":{"pan":"4242424242424242"},"amount":"23.50","currency":"USD",
                     "merchantId":"m-1","terminalId":"T-m-1","channel":"POS",
                     "occurredAt":"2026-11-21T00:35:00-05:00",
                     "location":{"lat":40.758,"lon":-73.9855,"accuracyKm":0.05}}
                    """)));
    wm.verify(
        postRequestedFor(urlEqualTo("/oauth2/token"))
            .withHeader("Authorization", containing("Basic "))
            .withRequestBody(containing("grant_type=client_credentials")));
    assertThat(stats.acceptLatencyMs().getTotalCount()).isEqualTo(1);
  }

  @Test
  void retriesATimedOutPaymentWithTheSameIdempotencyKey() {
    wm.stubFor(
        post("/v1/payments")
            .inScenario("slow")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(202).withFixedDelay(1_500).withBody("{}"))
            .willSetStateTo("fast"));
    wm.stubFor(
        post("/v1/payments")
            .inScenario("slow")
            .whenScenarioStateIs("fast")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"paymentId\":\"p-1\",\"status\":\"RECEIVED\"}")));
    Transaction t = Fixtures.tx("tx-1", Fixtures.CARD, "2026-11-21T00:35:00-05:00", false);

    List<PaymentOutcome> outcomes =
        engine(Duration.ofMillis(500), 4).replay(List.of(t), cards(), o -> {});

    assertThat(outcomes.getFirst().paymentId()).isEqualTo("p-1");
    assertThat(outcomes.getFirst().attempts()).isEqualTo(2);
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/v1/payments")));
    assertThat(sent).hasSize(2);
    assertThat(sent).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("run-1:tx-1");
    assertThat(sent.get(0).getBodyAsString()).isEqualTo(sent.get(1).getBodyAsString());
    assertThat(stats.retries.get()).isEqualTo(1);
  }

  @Test
  void waitsForRetryAfterOn429AndResendsWithTheSameKey() {
    wm.stubFor(
        post("/v1/payments")
            .inScenario("throttle")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"type\":\"https://paystream.io/problems/rate-limited\"}"))
            .willSetStateTo("open"));
    wm.stubFor(
        post("/v1/payments")
            .inScenario("throttle")
            .whenScenarioStateIs("open")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"paymentId\":\"p-2\",\"status\":\"RECEIVED\"}")));
    Transaction t = Fixtures.tx("tx-9", Fixtures.CARD, "2026-11-21T00:35:00-05:00", false);

    long start = System.nanoTime();
    List<PaymentOutcome> outcomes =
        engine(Duration.ofSeconds(5), 4).replay(List.of(t), cards(), o -> {});
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcomes.getFirst().accepted()).isTrue();
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(stats.throttled.get()).isEqualTo(1);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/payments"))))
        .hasSize(2)
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly("run-1:tx-9");
  }

  @Test
  void countsRejectionsByProblemType() {
    wm.stubFor(
        post("/v1/payments")
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"type\":\"https://paystream.io/problems/validation\",\"status\":422}")));
    Transaction t = Fixtures.tx("tx-1", Fixtures.CARD, "2026-11-21T00:35:00-05:00", false);

    List<PaymentOutcome> outcomes =
        engine(Duration.ofSeconds(5), 4).replay(List.of(t), cards(), o -> {});

    assertThat(outcomes.getFirst().accepted()).isFalse();
    assertThat(outcomes.getFirst().problemType())
        .isEqualTo("https://paystream.io/problems/validation");
    assertThat(stats.rejectedByType())
        .containsExactlyEntriesOf(Map.of("https://paystream.io/problems/validation", 1L));
  }

  @Test
  void sendsEachCardsPaymentsInEventTimeOrderUnderConcurrency() {
    wm.stubFor(
        post("/v1/payments")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withUniformRandomDelay(5, 40)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"paymentId\":\"{{randomValue type='UUID'}}\",\"status\":\"RECEIVED\"}")));
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Card card = i % 2 == 0 ? Fixtures.CARD : Fixtures.OTHER_CARD;
      txs.add(Fixtures.tx("tx-" + i, card, String.format("2026-11-21T00:%02d:00Z", i), false));
    }

    List<PaymentOutcome> outcomes = engine(Duration.ofSeconds(5), 8).replay(txs, cards(), o -> {});

    assertThat(outcomes).allSatisfy(o -> assertThat(o.accepted()).isTrue());
    assertThat(outcomes.stream().map(PaymentOutcome::paymentId).distinct()).hasSize(40);
    List<String> cardOneOrder =
        wm.findAll(postRequestedFor(urlEqualTo("/v1/payments"))).stream()
            .filter(r -> r.getBodyAsString().contains("4242424242424242"))
            .map(r -> r.getHeader("Idempotency-Key"))
            .toList();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i += 2) {
      expected.add("run-1:tx-" + i);
    }
    assertThat(cardOneOrder).containsExactlyElementsOf(expected);
  }
}
