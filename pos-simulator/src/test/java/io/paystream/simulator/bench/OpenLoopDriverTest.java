package io.paystream.simulator.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.Terminals;
import io.paystream.simulator.replay.TokenClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoopDriverTest {

  private WireMockServer wm;
  private OpenLoopDriver driver;

  @BeforeEach
  void fakeGateway() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    wm.stubFor(
        post("/oauth2/token")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"tok\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
    URI base = URI.create(wm.baseUrl());
    Endpoints endpoints = new Endpoints(base, base, base, base);
    HttpJson http = new HttpJson(Duration.ofSeconds(5));
    Terminals terminals =
        new Terminals(
            http,
            endpoints,
            new TokenClient(http, endpoints),
            new Terminals.AdminCredentials("admin", "secret"),
            "seed",
            "premium");
    driver = new OpenLoopDriver(endpoints, terminals, Duration.ofSeconds(5), 10);
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  private static List<BenchTraffic.Prepared> one() {
    return List.of(
        new BenchTraffic.Prepared("m-1", "key-1", "{}".getBytes(StandardCharsets.UTF_8)));
  }

  private void unavailableThenAccepted() {
    wm.stubFor(
        post("/v1/payments")
            .inScenario("outage")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"type\":\"https://paystream.io/problems/service-unavailable\","
                            + "\"status\":503}"))
            .willSetStateTo("up"));
    wm.stubFor(
        post("/v1/payments")
            .inScenario("outage")
            .whenScenarioStateIs("up")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"paymentId\":\"p-1\",\"status\":\"RECEIVED\"}")));
  }

  @Test
  void retriesA503WithTheSameIdempotencyKeyUntilAccepted() {
    unavailableThenAccepted();

    OpenLoopDriver.Result r =
        driver.drive(
            one(), 10, new OpenLoopDriver.Retry(3, Duration.ofMillis(10), Duration.ofMillis(50)));

    assertThat(r.accepted())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.paymentId()).isEqualTo("p-1");
              assertThat(a.attempts()).isEqualTo(2);
            });
    assertThat(r.errors()).containsEntry("https://paystream.io/problems/service-unavailable", 1L);
    assertThat(r.gaveUp()).isEmpty();
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/v1/payments")));
    assertThat(sent)
        .hasSize(2)
        .allSatisfy(q -> assertThat(q.getHeader("Idempotency-Key")).isEqualTo("key-1"));
  }

  @Test
  void theBenchmarkNeverRetries() {
    unavailableThenAccepted();

    OpenLoopDriver.Result r = driver.drive(one(), 10);

    assertThat(r.accepted()).isEmpty();
    assertThat(r.gaveUp()).containsEntry("https://paystream.io/problems/service-unavailable", 1L);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/payments")))).hasSize(1);
  }

  @Test
  void aRejectionIsFinal() {
    wm.stubFor(
        post("/v1/payments")
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody(
                        "{\"type\":\"https://paystream.io/problems/invalid\",\"status\":422}")));

    OpenLoopDriver.Result r =
        driver.drive(
            one(), 10, new OpenLoopDriver.Retry(3, Duration.ofMillis(10), Duration.ofMillis(50)));

    assertThat(r.gaveUp()).containsEntry("https://paystream.io/problems/invalid", 1L);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/payments")))).hasSize(1);
  }
}
