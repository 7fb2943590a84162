package io.paystream.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.gateway.ratelimit.RateLimitDecision;
import io.paystream.gateway.ratelimit.TieredRateLimiter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Redis stopped mid-test (the test's own redis-server on a random port): the gateway keeps
 * answering, fast, with the local limiter at the global limit ÷ replicas.
 */
@PaystreamIntegrationTest
class RedisDownIT {

  static final String ISSUER = "https://issuer.paystream.test";
  static final double RATE = 20;
  static final long BURST = 10;
  static final int REPLICAS = 2;
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static WireMockServer downstream;
  static Tokens tokens;
  static Process redis;
  static GatewayInstance gateway;

  @BeforeAll
  static void start(Infra infra) throws Exception {
    int redisPort;
    try (ServerSocket s = new ServerSocket(0)) {
      redisPort = s.getLocalPort();
    }
    redis =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(redisPort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitPort(redisPort);
    downstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    downstream.start();
    tokens = new Tokens(ISSUER);
    downstream.stubFor(get("/oauth2/jwks").willReturn(okJson(tokens.jwksJson())));
    downstream.stubFor(any(urlPathMatching("/v1/.*")).willReturn(okJson("{}")));
    Map<String, Object> p = GatewayInstance.baseProperties(infra, downstream.baseUrl(), ISSUER);
    p.put("spring.data.redis.port", redisPort);
    p.put("spring.data.redis.database", 0);
    p.put("paystream.gateway.rate-limit.replicas", REPLICAS);
    p.put("paystream.gateway.rate-limit.tiers.standard.client.rate", RATE);
    p.put("paystream.gateway.rate-limit.tiers.standard.client.burst", BURST);
    p.put("paystream.gateway.activity.enabled", false);
    gateway = GatewayInstance.start(p, null);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    downstream.stop();
    if (redis != null) {
      redis.destroyForcibly();
    }
  }

  @Test
  void keepsAnsweringFastWithTheLocalLimiterAtTheGlobalLimitDividedByReplicas() throws Exception {
    // given the shared limiter works
    String token = tokens.sign(tokens.claims("pos-r", "m_r", "standard", "payments:read").build());
    LoadRun before =
        LoadRun.run(HTTP, i -> gateway.url("/v1/payments/p" + i), token, 40, Duration.ofSeconds(1));
    assertThat(before.answers).anyMatch(x -> x.source().equals("redis"));

    // when Redis goes away
    redis.destroyForcibly().waitFor();
    LoadRun during =
        LoadRun.run(HTTP, i -> gateway.url("/v1/payments/p" + i), token, 10, Duration.ofSeconds(4));

    // then every request is answered (admitted or 429), none waits for Redis, and the replica
    // admits about its share: burst/replicas + rate/replicas × time
    // admitted = passed the limiter (200, or 503 when the starved stub answered too late)
    long admitted = during.answers.size() - during.count(429);
    assertThat(during.answers).allMatch(x -> x.status() != 500 && !x.source().isEmpty());
    assertThat(during.answers).allMatch(x -> x.latencyMs() < 30_000);
    TieredRateLimiter limiter = gateway.context.getBean(TieredRateLimiter.class);
    Jwt jwt =
        Jwt.withTokenValue("t")
            .header("alg", "RS256")
            .subject("pos-direct")
            .claim("tier", "standard")
            .build();
    List<Long> decisionMs = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      long t0 = System.nanoTime();
      RateLimitDecision decision = limiter.tryAcquire(jwt).block(Duration.ofSeconds(5));
      decisionMs.add((System.nanoTime() - t0) / 1_000_000);
      assertThat(decision.source()).isEqualTo("local");
    }
    Collections.sort(decisionMs);
    assertThat(decisionMs.get(decisionMs.size() / 2)).isLessThan(100);
    assertThat(during.answers.subList(5, during.answers.size()))
        .allMatch(x -> x.source().equals("local"));
    double share = BURST / (double) REPLICAS + RATE / REPLICAS * during.seconds();
    assertThat((double) admitted).isBetween(share * 0.8, share * 1.2 + 3);
    assertThat((double) admitted).isLessThan(BURST + RATE * during.seconds());
  }

  static void awaitPort(int port) {
    org.awaitility.Awaitility.await("redis-server on " + port)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
              }
            });
  }
}
