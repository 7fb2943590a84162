package io.paystream.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.JWTClaimsSet;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One real gateway against real Kafka and Redis, downstreams and the JWKS on a WireMock server: the
 * security matrix, routing, headers, body limit, circuit breaker and activity events.
 */
@PaystreamIntegrationTest
class GatewayIT {

  static final String ISSUER = "https://issuer.paystream.test";
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static WireMockServer downstream;
  static Tokens tokens;
  static GatewayInstance gateway;
  static Infra infra;

  @BeforeAll
  static void startGateway(Infra testInfra) {
    infra = testInfra;
    downstream = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    downstream.start();
    tokens = new Tokens(ISSUER);
    Map<String, Object> p = GatewayInstance.baseProperties(infra, downstream.baseUrl(), ISSUER);
    p.put("paystream.gateway.max-request-body", "1KB");
    String cb = "resilience4j.circuitbreaker.instances.benefit-service.";
    p.put(cb + "sliding-window-size", 4);
    p.put(cb + "minimum-number-of-calls", 4);
    p.put(cb + "wait-duration-in-open-state", "2s");
    p.put(cb + "permitted-number-of-calls-in-half-open-state", 2);
    gateway = GatewayInstance.start(p, null);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    downstream.stop();
  }

  @BeforeEach
  void resetStubs() {
    downstream.resetAll();
    downstream.stubFor(get("/oauth2/jwks").willReturn(okJson(tokens.jwksJson())));
    downstream.stubFor(any(urlPathMatching("/v1/.*")).willReturn(okJson("{\"ok\":true}")));
  }

  String validToken(String scope) {
    return tokens.sign(tokens.claims("pos-1", "m_1", "internal", scope).build());
  }

  @Test
  void servesHealthProbesOnTheManagementPortWithoutATokenButNoOtherActuatorEndpoint()
      throws Exception {
    // when
    HttpResponse<String> liveness =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(gateway.managementUrl("/actuator/health/liveness")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> env =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(gateway.managementUrl("/actuator/env"))).build(),
            HttpResponse.BodyHandlers.ofString());

    // then
    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(liveness.body()).contains("\"status\":\"UP\"");
    assertThat(env.statusCode()).isIn(401, 403, 404);
  }

  @Test
  void rejectsEveryBadTokenWithAProblemAndNeverCallsTheDownstream() throws Exception {
    // given
    JWTClaimsSet good = tokens.claims("pos-1", "m_1", "internal", "payments:read").build();
    Instant now = Instant.now();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        "expired",
        tokens.sign(
            new JWTClaimsSet.Builder(good)
                .issueTime(Date.from(now.minusSeconds(900)))
                .notBeforeTime(Date.from(now.minusSeconds(900)))
                .expirationTime(Date.from(now.minusSeconds(300)))
                .build()));
    cases.put(
        "not yet valid",
        tokens.sign(
            new JWTClaimsSet.Builder(good).notBeforeTime(Date.from(now.plusSeconds(300))).build()));
    cases.put(
        "wrong issuer",
        tokens.sign(new JWTClaimsSet.Builder(good).issuer("https://evil.example").build()));
    cases.put(
        "wrong audience",
        tokens.sign(new JWTClaimsSet.Builder(good).audience("someone-else").build()));
    cases.put(
        "tampered payload",
        tokens.tampered(
            good,
            new JWTClaimsSet.Builder(good)
                .subject("pos-admin")
                .claim("scope", "admin payments:read")
                .build()));
    cases.put("alg none", tokens.unsigned(good));
    cases.put("HS256 with the public key", tokens.hs256WithPublicKey(good));
    cases.put("unknown kid", tokens.sign(good, tokens.stranger));
    cases.put("garbage", "not-a-jwt");

    // when / then
    assertThat(send("GET", "/v1/payments/p1", null, null).statusCode()).isEqualTo(401);
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> response = send("GET", "/v1/payments/p1", c.getValue(), null);
      assertThat(response.statusCode()).as(c.getKey()).isEqualTo(401);
      assertProblem(response, "unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate")).as(c.getKey()).isPresent();
    }
    HttpResponse<String> missingScope =
        send("POST", "/v1/payments", validToken("payments:read loyalty:read"), "{}");
    assertThat(missingScope.statusCode()).isEqualTo(403);
    assertProblem(missingScope, "forbidden");
    HttpResponse<String> registryWithoutAdmin =
        send("GET", "/v1/customers/c1", validToken("payments:read payments:write"), null);
    assertThat(registryWithoutAdmin.statusCode()).isEqualTo(403);
    downstream.verify(0, anyRequestedFor(urlPathMatching("/v1/.*")));
  }

  @Test
  void routesAValidTokenToTheDownstreamWithRequestIdAndTraceparent() throws Exception {
    // given
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    // when
    HttpResponse<String> generated =
        HTTP.send(
            request("GET", "/v1/payments/p1", validToken("payments:read"), null)
                .header("traceparent", traceparent)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> propagated =
        HTTP.send(
            request("GET", "/v1/payments/p2", validToken("payments:read"), null)
                .header("X-Request-Id", "pos-req-42")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // then
    assertThat(generated.statusCode()).isEqualTo(200);
    String id = generated.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(UUID.fromString(id)).isNotNull();
    downstream.verify(
        getRequestedFor(urlPathEqualTo("/v1/payments/p1"))
            .withHeader("X-Request-Id", equalTo(id))
            .withHeader(
                "traceparent", matching("00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01")));
    assertThat(propagated.headers().firstValue("X-Request-Id")).hasValue("pos-req-42");
    downstream.verify(
        getRequestedFor(urlPathEqualTo("/v1/payments/p2"))
            .withHeader("X-Request-Id", equalTo("pos-req-42")));
  }

  @Test
  void letsManyConcurrentSlowRequestsThroughToOneDownstream() throws Exception {
    // given: a downstream taking 1 s, and more requests in flight than the library's default
    // bulkhead (25 concurrent calls) would admit
    downstream.stubFor(
        get(urlPathMatching("/v1/payments/slow-.*"))
            .willReturn(okJson("{\"ok\":true}").withFixedDelay(1000)));
    String token = validToken("payments:read");

    // when
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> inFlight =
        new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      inFlight.add(
          HTTP.sendAsync(
              request("GET", "/v1/payments/slow-" + i, token, null).build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    // then: every one reached the downstream, none was turned into a 503 by the bulkhead
    for (var response : inFlight) {
      assertThat(response.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode())
          .isEqualTo(200);
    }
    downstream.verify(60, getRequestedFor(urlPathMatching("/v1/payments/slow-.*")));
  }

  @Test
  void routesEachPathToItsService() throws Exception {
    assertThat(
            send("GET", "/v1/payments/p1/history", validToken("payments:read"), null).statusCode())
        .isEqualTo(200);
    assertThat(
            send("GET", "/v1/merchants/m_1/regulars", validToken("loyalty:read"), null)
                .statusCode())
        .isEqualTo(200);
    assertThat(send("PUT", "/v1/merchants/m_1", validToken("admin"), "{}").statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/v1/benefits/tips", validToken("loyalty:read"), null).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/v1/unknown", validToken("admin"), null).statusCode()).isEqualTo(404);
  }

  @Test
  void forwardsTheSmsWebhookWithoutATokenButNotAClientsForgedForwardedHeaders() throws Exception {
    // when a client that is no trusted proxy (none is by default) sends X-Forwarded-* and Forwarded
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(gateway.url("/v1/verifications/sms-callback")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", "sig")
                .header("X-Forwarded-Host", "staging.paystream.test")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", "443")
                .header("Forwarded", "host=staging.paystream.test;proto=https")
                .POST(HttpRequest.BodyPublishers.ofString("MessageSid=SM1&Body=YES+123456"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // then the webhook reaches verification-api without a token and without any forwarded header
    // (verification-api signs against its configured public URL)
    assertThat(response.statusCode()).isEqualTo(200);
    downstream.verify(
        postRequestedFor(urlPathEqualTo("/v1/verifications/sms-callback"))
            .withHeader("X-Twilio-Signature", equalTo("sig"))
            .withoutHeader("X-Forwarded-Host")
            .withoutHeader("X-Forwarded-Proto")
            .withoutHeader("X-Forwarded-Port")
            .withoutHeader("Forwarded"));
  }

  @Test
  void servesEachRoutedServicesOpenApiDocumentWithoutATokenAndListsThemInSwaggerUi()
      throws Exception {
    // given: the downstream's own document
    downstream.stubFor(
        get("/v3/api-docs")
            .willReturn(okJson("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"paystream x\"}}")));

    // when
    HttpResponse<String> doc = send("GET", "/v3/api-docs/payment-api", null, null);
    HttpResponse<String> unknown = send("GET", "/v3/api-docs/nothing-here", null, null);
    HttpResponse<String> config = send("GET", "/v3/api-docs/swagger-config", null, null);
    HttpResponse<String> page = send("GET", "/swagger-ui.html", null, null);
    HttpResponse<String> ui = send("GET", "/swagger-ui/index.html", null, null);
    HttpResponse<String> initializer =
        send("GET", "/swagger-ui/swagger-initializer.js", null, null);

    // then: forwarded to the service's /v3/api-docs, unchanged
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(doc.body()).path("info").path("title").asString())
        .isEqualTo("paystream x");
    downstream.verify(1, getRequestedFor(urlPathEqualTo("/v3/api-docs")));
    assertThat(unknown.statusCode()).isEqualTo(404);
    // then: Swagger UI knows every routed service's document
    assertThat(config.statusCode()).isEqualTo(200);
    List<String> urls =
        JSON.readTree(config.body())
            .path("urls")
            .valueStream()
            .map(u -> u.path("url").asString())
            .toList();
    assertThat(urls)
        .containsExactlyInAnyOrder(
            "/v3/api-docs/payment-api",
            "/v3/api-docs/fds-service",
            "/v3/api-docs/verification-api",
            "/v3/api-docs/loyalty-service",
            "/v3/api-docs/benefit-service");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/swagger-ui/index.html"));
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-initializer.js");
    assertThat(initializer.statusCode()).isEqualTo(200);
    assertThat(initializer.body()).contains("/v3/api-docs/swagger-config");
    // then: a document path does not open anything else without a token
    assertThat(send("GET", "/v1/payments/p-1", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void answersAnOversizedBodyWith413ProblemWithoutForwardingIt() throws Exception {
    HttpResponse<String> response =
        send("POST", "/v1/payments", validToken("payments:write"), "x".repeat(2048));

    assertThat(response.statusCode()).isEqualTo(413);
    assertProblem(response, "payload-too-large");
    downstream.verify(0, anyRequestedFor(urlPathMatching("/v1/.*")));
    assertThat(send("POST", "/v1/payments", validToken("payments:write"), "{}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void answersAnOversizedChunkedBodyWith413ProblemAsSoonAsItPassesTheLimit() throws Exception {
    // given a chunked body (no Content-Length) whose first chunks pass the 1 KB limit and whose
    // end never comes
    String chunk = "y".repeat(600);
    String head =
        rawHead(validToken("payments:write"), "Transfer-Encoding: chunked")
            + (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").repeat(2);

    // when / then: a 413 problem, not a 503 and not a wait for the rest of the body
    RawResponse response = sendRaw(head);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.head()).containsIgnoringCase("Content-Type: application/problem+json");
    assertThat(response.body()).contains("https://paystream.io/problems/payload-too-large");
    downstream.verify(0, anyRequestedFor(urlPathMatching("/v1/.*")));
  }

  @Test
  void answersATooLargeContentLengthWith413WithoutReadingTheBody() throws Exception {
    // given a declared 10 MB body of which only one byte is ever sent
    String head = rawHead(validToken("payments:write"), "Content-Length: 10485760") + "{";

    // when / then
    RawResponse response = sendRaw(head);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body()).contains("https://paystream.io/problems/payload-too-large");
    downstream.verify(0, anyRequestedFor(urlPathMatching("/v1/.*")));
  }

  /**
   * A client that keeps sending a body of megabytes (as the fuzz run's JDK client does) gets its
   * 413 problem within the fuzz run's 20 s, declared length or chunked: the gateway neither stops
   * reading while the client still writes nor waits for the end of the body.
   */
  @Test
  void answersAClientStillSendingMegabytesWith413InTime() throws Exception {
    byte[] megabytes = "p".repeat(3_000_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest declared =
        request("POST", "/v1/payments", validToken("payments:write"), null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(megabytes))
            .timeout(Duration.ofSeconds(20))
            .build();
    HttpRequest chunked =
        request("POST", "/v1/payments", validToken("payments:write"), null)
            .header("Content-Type", "application/json")
            .POST(chunked("p".repeat(100_000), 30))
            .timeout(Duration.ofSeconds(20))
            .build();

    for (HttpRequest r : List.of(declared, chunked)) {
      HttpResponse<String> response = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(413);
      assertProblem(response, "payload-too-large");
    }
    assertNothingForwarded();
  }

  /**
   * Requests Reactor Netty or the security firewall refuse before any gateway handler runs: the
   * fuzz run found them answered with an empty body (431, 414, 400). Each must be a problem whose
   * {@code status} is the response's, and none reaches a downstream.
   */
  @Test
  void answersHeadersOverTheLimitWithA431ProblemAndForwardsNothing() throws Exception {
    String token = validToken("payments:write");
    Map<String, String> oversized = new LinkedHashMap<>();
    oversized.put("X-Fuzz", "h".repeat(20_000));
    oversized.put("Idempotency-Key", "k".repeat(10_000));

    for (Map.Entry<String, String> header : oversized.entrySet()) {
      RawResponse response =
          sendRaw(
              rawHead(token, header.getKey() + ": " + header.getValue() + "\r\nContent-Length: 2")
                  + "{}");
      assertRawProblem(response, 431, "header-fields-too-large");
    }
    RawResponse authorization = sendRaw(rawHead("x".repeat(20_000), "Content-Length: 2") + "{}");
    assertRawProblem(authorization, 431, "header-fields-too-large");
    assertNothingForwarded();
  }

  @Test
  void answersAnOverlongUriWithA414Problem() throws Exception {
    RawResponse response =
        sendRaw(
            "GET /v1/payments/"
                + "0".repeat(10_000)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + validToken("payments:read")
                + "\r\n\r\n");

    assertRawProblem(response, 414, "uri-too-long");
    assertNothingForwarded();
  }

  @Test
  void answersAPathWithAnEncodedNulDotDotOrABadEscapeWithA400Problem() throws Exception {
    String token = validToken("payments:read");
    for (String path :
        List.of("/v1/payments/%00", "/v1/payments/..", "/v1/payments/%2e%2e", "/v1/payments/%ZZ")) {
      RawResponse response =
          sendRaw(
              "GET "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + token
                  + "\r\n\r\n");

      assertThat(response.status()).as(path).isEqualTo(400);
      assertRawProblem(response, 400, "invalid-request");
    }
    assertNothingForwarded();
  }

  static void assertRawProblem(RawResponse response, int status, String type) {
    assertThat(response.status()).as(response.head()).isEqualTo(status);
    assertThat(response.head()).containsIgnoringCase("Content-Type: application/problem+json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asString()).isEqualTo("https://paystream.io/problems/" + type);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("title").asString()).isNotBlank();
  }

  /** The downstream receives no {@code /v1} request, checked over a second. */
  static void assertNothingForwarded() {
    org.awaitility.Awaitility.await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> downstream.findAll(anyRequestedFor(urlPathMatching("/v1/.*"))).isEmpty());
  }

  record RawResponse(int status, String head, String body) {}

  static String rawHead(String bearer, String lengthHeader) {
    return "POST /v1/payments HTTP/1.1\r\nHost: 127.0.0.1:"
        + gateway.port
        + "\r\nAuthorization: Bearer "
        + bearer
        + "\r\nContent-Type: application/json\r\n"
        + lengthHeader
        + "\r\n\r\n";
  }

  /**
   * Writes {@code request} on a plain socket, leaves it open (the body is unfinished) and reads the
   * answer (status line, headers and a {@code Content-Length} body) within 5 s.
   */
  static RawResponse sendRaw(String request) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.readUnsignedByte());
      }
      java.util.regex.Matcher length =
          java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
      byte[] body = new byte[length.find() ? Integer.parseInt(length.group(1)) : 0];
      in.readFully(body);
      return new RawResponse(
          Integer.parseInt(head.substring(9, 12)),
          head.toString(),
          new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void forwardsAChunkedBodyUnderTheLimitWhole() throws Exception {
    // given
    String body = "{\"chunk\":\"" + "z".repeat(300) + "\"}";

    // when
    HttpResponse<String> response =
        HTTP.send(
            request("POST", "/v1/payments", validToken("payments:write"), null)
                .header("Content-Type", "application/json")
                .POST(chunked(body, 1))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // then
    assertThat(response.statusCode()).isEqualTo(200);
    downstream.verify(
        postRequestedFor(urlPathEqualTo("/v1/payments")).withRequestBody(equalTo(body)));
  }

  /** {@code times} copies of {@code part}, streamed with no length (HTTP/1.1 chunked). */
  static HttpRequest.BodyPublisher chunked(String part, int times) {
    byte[] bytes = part.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest.BodyPublisher publisher =
        HttpRequest.BodyPublishers.ofInputStream(
            () ->
                new java.io.SequenceInputStream(
                    java.util.Collections.enumeration(
                        java.util.Collections.nCopies(times, bytes).stream()
                            .map(java.io.ByteArrayInputStream::new)
                            .toList())));
    assertThat(publisher.contentLength()).isEqualTo(-1);
    return publisher;
  }

  @Test
  void acceptsTokensOfThePreviousAndTheNewKeyDuringARotationButNoUnknownKid() throws Exception {
    // given the gateway knows the issuer's current key set: only the old key
    downstream.stubFor(get("/oauth2/jwks").willReturn(okJson(tokens.jwksJson())));
    String oldKeyToken = validToken("payments:read");
    assertThat(send("GET", "/v1/payments/r0", oldKeyToken, null).statusCode()).isEqualTo(200);

    // when the issuer publishes a new key next to the old one and signs with the new one
    com.nimbusds.jose.jwk.RSAKey newKey =
        new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("rotated-2").generate();
    downstream.stubFor(
        get("/oauth2/jwks")
            .willReturn(
                okJson(
                    new com.nimbusds.jose.jwk.JWKSet(
                            List.of(newKey.toPublicJWK(), tokens.key.toPublicJWK()))
                        .toString())));
    String newKeyToken =
        tokens.sign(tokens.claims("pos-1", "m_1", "internal", "payments:read").build(), newKey);

    // then the new kid is fetched, the old key's unexpired tokens still pass, a stranger does not
    assertThat(send("GET", "/v1/payments/r1", newKeyToken, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v1/payments/r2", oldKeyToken, null).statusCode()).isEqualTo(200);
    HttpResponse<String> stranger =
        send(
            "GET",
            "/v1/payments/r3",
            tokens.sign(
                tokens.claims("pos-1", "m_1", "internal", "payments:read").build(),
                tokens.stranger),
            null);
    assertThat(stranger.statusCode()).isEqualTo(401);
    assertProblem(stranger, "unauthorized");
    downstream.verify(3, anyRequestedFor(urlPathMatching("/v1/payments/r.")));
    downstream.verify(0, getRequestedFor(urlPathEqualTo("/v1/payments/r3")));
  }

  @Test
  void circuitBreakerOpensOnAFailingDownstreamAnswersFast503sAndClosesAfterRecovery()
      throws Exception {
    // given a failing benefit-service
    downstream.stubFor(
        any(urlPathMatching("/v1/benefits/.*")).willReturn(aResponse().withStatus(503)));
    String token = validToken("loyalty:read");
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = send("GET", "/v1/benefits/tips", token, null);
      assertThat(r.statusCode()).isEqualTo(503);
      assertProblem(r, "service-unavailable");
    }
    int callsWhenOpened =
        downstream.findAll(anyRequestedFor(urlPathMatching("/v1/benefits/.*"))).size();

    // when the breaker is open
    long start = System.nanoTime();
    HttpResponse<String> get = send("GET", "/v1/benefits/tips", token, null);
    HttpResponse<String> post = send("POST", "/v1/benefits/anything", token, "{}");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    // then every method gets a 503 problem, fast, and the downstream is not called
    assertThat(get.statusCode()).isEqualTo(503);
    assertProblem(get, "service-unavailable");
    assertThat(get.headers().firstValue("Retry-After")).isPresent();
    assertThat(post.statusCode()).isEqualTo(503);
    assertProblem(post, "service-unavailable");
    assertThat(elapsedMs).isLessThan(1000);
    assertThat(downstream.findAll(anyRequestedFor(urlPathMatching("/v1/benefits/.*"))))
        .hasSize(callsWhenOpened);

    // when the downstream recovers and the wait is over, the breaker closes again
    downstream.stubFor(any(urlPathMatching("/v1/benefits/.*")).willReturn(okJson("{}")));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> send("GET", "/v1/benefits/tips", token, null).statusCode() == 200);
    int ok = 0;
    for (int i = 0; i < 6; i++) {
      if (send("GET", "/v1/benefits/tips", token, null).statusCode() == 200) {
        ok++;
      }
    }
    assertThat(ok).isEqualTo(6);
  }

  @Test
  void publishesAnActivityEventForEveryRequestWithItsFields() throws Exception {
    // given
    String requestId = "activity-" + UUID.randomUUID();
    String rejectedId = "rejected-" + UUID.randomUUID();

    // when
    HTTP.send(
        request("GET", "/v1/payments/p9", validToken("payments:read"), null)
            .header("X-Request-Id", requestId)
            .build(),
        HttpResponse.BodyHandlers.ofString());
    HTTP.send(
        request("GET", "/v1/payments/p9", null, null).header("X-Request-Id", rejectedId).build(),
        HttpResponse.BodyHandlers.ofString());

    // then
    Map<String, JsonNode> events = awaitActivity(List.of(requestId, rejectedId));
    JsonNode ok = events.get(requestId);
    assertThat(ok.get("subject").asString()).isEqualTo("pos-1");
    assertThat(ok.get("clientId").asString()).isEqualTo("pos-1");
    assertThat(ok.get("merchantId").asString()).isEqualTo("m_1");
    assertThat(ok.get("routeId").asString()).isEqualTo("payments-read");
    assertThat(ok.get("method").asString()).isEqualTo("GET");
    assertThat(ok.get("path").asString()).isEqualTo("/v1/payments/p9");
    assertThat(ok.get("status").asInt()).isEqualTo(200);
    assertThat(ok.get("latencyMs").asLong()).isNotNegative();
    assertThat(ok.get("occurredAt").asString()).isNotBlank();
    JsonNode rejected = events.get(rejectedId);
    assertThat(rejected.get("subject").asString()).isEqualTo("anonymous");
    assertThat(rejected.get("status").asInt()).isEqualTo(401);
  }

  @Test
  void masksACardNumberInTheRecordedPathTwelveDigitsIncluded() throws Exception {
    // given a client that puts card numbers (a 12-digit Maestro, a 16-digit Visa) in URLs
    String maestro = "masked-12-" + UUID.randomUUID();
    String visa = "masked-16-" + UUID.randomUUID();

    // when
    HTTP.send(
        request("GET", "/v1/payments/501800000009", validToken("payments:read"), null)
            .header("X-Request-Id", maestro)
            .build(),
        HttpResponse.BodyHandlers.ofString());
    HTTP.send(
        request("GET", "/v1/payments/4242424242424242", validToken("payments:read"), null)
            .header("X-Request-Id", visa)
            .build(),
        HttpResponse.BodyHandlers.ofString());

    // then the activity events carry BIN and last four only
    Map<String, JsonNode> events = awaitActivity(List.of(maestro, visa));
    assertThat(events.get(maestro).get("path").asString()).isEqualTo("/v1/payments/501800**0009");
    assertThat(events.get(visa).get("path").asString()).isEqualTo("/v1/payments/424242******4242");
  }

  Map<String, JsonNode> awaitActivity(List<String> requestIds) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "activity-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, JsonNode> found = new LinkedHashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("user-activity"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (found.size() < requestIds.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          JsonNode data = JSON.readTree(record.value());
          String id = data.get("requestId").asString();
          if (requestIds.contains(id)) {
            assertThat(new String(record.headers().lastHeader("ce_type").value()))
                .isEqualTo("paystream.activity.recorded.v1");
            assertThat(record.key()).isEqualTo(data.get("subject").asString());
            found.put(id, data);
          }
        }
      }
    }
    assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(requestIds);
    return found;
  }

  static void assertProblem(HttpResponse<String> response, String type) {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asString()).isEqualTo("https://paystream.io/problems/" + type);
    assertThat(body.get("status").asInt()).isEqualTo(response.statusCode());
  }

  static HttpRequest.Builder request(String method, String path, String bearer, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(gateway.url(path)))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  static HttpResponse<String> send(String method, String path, String bearer, String body)
      throws Exception {
    return HTTP.send(
        request(method, path, bearer, body).build(), HttpResponse.BodyHandlers.ofString());
  }
}
