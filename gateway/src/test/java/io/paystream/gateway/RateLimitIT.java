package io.paystream.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Distributed accuracy: replicas sharing one Redis admit, together, what one limiter would (rate ×
 * time + burst, ±5 %), also when their clocks disagree by seconds.
 */
@PaystreamIntegrationTest
class RateLimitIT {

  static final String ISSUER = "https://issuer.paystream.test";
  static final double RATE = 5;
  static final long BURST = 5;
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static WireMockServer downstream;
  static Tokens tokens;
  static GatewayInstance a;
  static GatewayInstance b;
  static GatewayInstance skewed;

  @BeforeAll
  static void start(Infra infra) throws Exception {
    downstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    downstream.start();
    tokens = new Tokens(ISSUER);
    downstream.stubFor(get("/oauth2/jwks").willReturn(okJson(tokens.jwksJson())));
    downstream.stubFor(any(urlPathMatching("/v1/.*")).willReturn(okJson("{}")));
    Map<String, Object> p = GatewayInstance.baseProperties(infra, downstream.baseUrl(), ISSUER);
    p.put("paystream.gateway.rate-limit.tiers.standard.client.rate", RATE);
    p.put("paystream.gateway.rate-limit.tiers.standard.client.burst", BURST);
    p.put("paystream.gateway.rate-limit.tiers.standard.merchant.rate", 1000);
    p.put("paystream.gateway.rate-limit.tiers.standard.merchant.burst", 2000);
    p.put("paystream.gateway.activity.enabled", false);
    p.put("paystream.gateway.rate-limit.anonymous.rate", 1);
    p.put("paystream.gateway.rate-limit.anonymous.burst", 3);
    // this test measures the shared limiter: no fallback on a slow (CPU-starved) CI machine
    p.put("paystream.gateway.rate-limit.redis-timeout", "2s");
    a = GatewayInstance.start(p, Clock.systemUTC());
    b = GatewayInstance.start(p, Clock.systemUTC());
    skewed = GatewayInstance.start(p, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-7)));
    // warm up: JWKS fetched, Redis connected and the script loaded on every replica
    String warmUp =
        tokens.sign(tokens.claims("warm-up", "m_w", "standard", "payments:read").build());
    for (GatewayInstance g : new GatewayInstance[] {a, b, skewed}) {
      HTTP.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(g.url("/v1/payments/w")))
              .header("Authorization", "Bearer " + warmUp)
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  @AfterAll
  static void stop() {
    for (GatewayInstance g : new GatewayInstance[] {a, b, skewed}) {
      if (g != null) {
        g.close();
      }
    }
    downstream.stop();
  }

  @Test
  void thePublicSmsWebhookIsLimitedPerClientAddressAcrossReplicas() throws Exception {
    // given a caller without a token flooding the public webhook through both replicas, with a
    // forged X-Forwarded-For that changes every time (no proxy is trusted: it must not be the key)
    downstream.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.post("/v1/verifications/sms-callback")
            .willReturn(okJson("{}")));
    int ok = 0;
    int limited = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      GatewayInstance g = i % 2 == 0 ? a : b;
      HttpResponse<String> r =
          HTTP.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(g.url("/v1/verifications/sms-callback")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("X-Forwarded-For", "198.51.100." + i)
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("MessageSid=SM" + i))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 429) {
        limited++;
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).contains("https://paystream.io/problems/rate-limited");
      } else {
        ok++;
      }
    }

    double seconds = (System.nanoTime() - start) / 1e9;

    // then the address gets its burst of 3 and one more per second, the rest are 429
    assertThat(ok).isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(3 + (int) Math.ceil(seconds));
    assertThat(limited).isEqualTo(10 - ok).isPositive();
  }

  @Test
  void twoReplicasTogetherAdmitTheConfiguredRateTimesTimePlusBurst() throws Exception {
    assertAdmittedWithinFivePercent(a, b, "pos-shared-1");
  }

  @Test
  void twoReplicasWithClocksSevenSecondsApartStillAdmitRateTimesTimePlusBurst() throws Exception {
    assertAdmittedWithinFivePercent(a, skewed, "pos-shared-2");
  }

  void assertAdmittedWithinFivePercent(GatewayInstance one, GatewayInstance two, String client)
      throws Exception {
    // given one client at 3x its rate, alternating between the two replicas, for 10 s
    String token = tokens.sign(tokens.claims(client, "m_rl", "standard", "payments:read").build());

    // when
    LoadRun run =
        LoadRun.run(
            HTTP,
            i -> (i % 2 == 0 ? one : two).url("/v1/payments/p" + i),
            token,
            (int) (RATE * 3),
            Duration.ofSeconds(10));

    // then
    double expected = RATE * run.seconds() + BURST;
    long admitted = run.count(200);
    assertThat(run.count(200) + run.count(429)).isEqualTo(run.answers.size());
    assertThat(run.answers).allMatch(x -> x.source().equals("redis"));
    assertThat((double) admitted).isCloseTo(expected, within(expected * 0.05));
    HttpResponse<String> denied =
        run.answers.stream().filter(x -> x.status() == 429).findFirst().orElseThrow().response();
    assertThat(denied.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(denied.headers().firstValue("X-RateLimit-Limit")).hasValue(Long.toString(BURST));
    assertThat(denied.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(denied.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode problem = JsonMapper.builder().build().readTree(denied.body());
    assertThat(problem.get("type").asString())
        .isEqualTo("https://paystream.io/problems/rate-limited");
    assertThat(problem.get("status").asInt()).isEqualTo(429);
  }
}
