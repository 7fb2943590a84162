package io.paystream.simulator.replay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenClientTest {

  static final String TOKEN =
      "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":300}";

  WireMockServer wm;

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  TokenClient client(Duration requestTimeout) {
    HttpJson http = Fixtures.http(requestTimeout);
    return new TokenClient(http, Fixtures.endpoints(wm.baseUrl()));
  }

  void failFirstThenSucceed(
      com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
    wm.stubFor(
        post("/oauth2/token")
            .inScenario("token")
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("recovered"));
    wm.stubFor(
        post("/oauth2/token")
            .inScenario("token")
            .whenScenarioStateIs("recovered")
            .willReturn(aResponse().withStatus(200).withBody(TOKEN)));
  }

  @Test
  void retriesA503AndCountsTheFailedAttemptByStatus() {
    failFirstThenSucceed(aResponse().withStatus(503));
    TokenClient tokens = client(Duration.ofSeconds(5));

    assertThat(tokens.token("pos-1", "s", "payments:write").join()).isEqualTo("tok-1");
    assertThat(tokens.failures()).containsExactly(java.util.Map.entry("token-http-503", 1L));
    wm.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
  }

  @Test
  void retriesAConnectionDroppedByTheServerAndNamesItAConnectionError() {
    failFirstThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    TokenClient tokens = client(Duration.ofSeconds(5));

    assertThat(tokens.token("pos-1", "s", "payments:write").join()).isEqualTo("tok-1");
    assertThat(tokens.failures()).containsOnlyKeys("token-connection-error");
  }

  @Test
  void givesUpOnATimeoutOnlyWhenTheBudgetIsSpentAndSaysSo() {
    wm.stubFor(
        post("/oauth2/token")
            .willReturn(aResponse().withStatus(200).withBody(TOKEN).withFixedDelay(2_000)));
    TokenClient tokens = client(Duration.ofMillis(700));

    assertThatThrownBy(() -> tokens.token("pos-1", "s", "payments:write").join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            TokenClient.TokenUnavailableException.class,
            e -> assertThat(e.cause()).isEqualTo("token-timeout"));
    assertThat(
            PaymentClient.failureType(
                new CompletionException(
                    new TokenClient.TokenUnavailableException("pos-1", "token-timeout", 1))))
        .isEqualTo("token-timeout");
  }

  @Test
  void doesNotRetryABadSecretAndNamesTheStatus() {
    wm.stubFor(
        post("/oauth2/token")
            .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid_client\"}")));
    TokenClient tokens = client(Duration.ofSeconds(5));

    assertThatThrownBy(() -> tokens.token("pos-1", "wrong", "payments:write").join())
        .cause()
        .isInstanceOfSatisfying(
            TokenClient.TokenUnavailableException.class,
            e -> assertThat(e.cause()).isEqualTo("token-http-401"));
    wm.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
  }

  @Test
  void namesAnyOtherFailureInTheSendChainByItsOwnType() {
    assertThat(PaymentClient.failureType(new CompletionException(new IllegalStateException("x"))))
        .isEqualTo("client-error-IllegalStateException");
  }
}
