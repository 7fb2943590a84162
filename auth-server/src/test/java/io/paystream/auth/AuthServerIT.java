package io.paystream.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.paystream.auth.authorization.ExpiredAuthorizationPurger;
import io.paystream.auth.client.ClientRegistrationService;
import io.paystream.auth.client.ClientRequest;
import io.paystream.auth.key.SigningKeys;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dev profile's auth-server on real PostgreSQL: tokens, claims, hashed secrets, key rotation,
 * admin API and its problems, purge of expired authorizations.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "paystream.auth.issuer-uri=" + AuthServerIT.ISSUER,
      "paystream.auth.authorization-cleanup.interval=300ms"
    })
@ActiveProfiles("dev")
class AuthServerIT {

  static final String ISSUER = "http://auth.paystream.test";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Value("${local.server.port}")
  int port;

  @Value("${paystream.auth.keys[0].private-key}")
  String previousKeyPem;

  @Autowired JdbcOperations jdbc;

  @Autowired ClientRegistrationService clients;

  @Test
  void issuesClientCredentialsTokenWithMerchantTierAndAudienceSignedByTheNewestKey()
      throws Exception {
    // when
    HttpResponse<String> response = token("pos-m_5812_0913-t1", "dev-pos-secret", "payments:write");

    // then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    SignedJWT jwt = SignedJWT.parse(body.get("access_token").asString());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("dev-2");
    assertThat(claims.getSubject()).isEqualTo("pos-m_5812_0913-t1");
    assertThat(claims.getStringClaim("merchant_id")).isEqualTo("m_5812_0913");
    assertThat(claims.getStringClaim("tier")).isEqualTo("standard");
    assertThat(claims.getAudience()).containsExactly("paystream");
    assertThat(claims.getStringListClaim("scope")).containsExactly("payments:write");
    assertThat(claims.getIssuer()).isEqualTo(ISSUER);
    Duration lifetime =
        Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
    assertThat(lifetime).isEqualTo(Duration.ofMinutes(10));
    assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now());
    // and the JWKS verifies it
    RSAKey key = (RSAKey) jwks().getKeyByKeyId("dev-2");
    assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
  }

  @Test
  void refusesWrongSecretAndUngrantedScope() throws Exception {
    assertThat(token("pos-m_5812_0913-t1", "wrong-secret", "payments:write").statusCode())
        .isEqualTo(401);
    assertThat(token("pos-m_5812_0913-t1", "dev-pos-secret", "admin").statusCode()).isEqualTo(400);
  }

  @Test
  void publishesBothKeysOfTheRotationWithoutPrivateParts() throws Exception {
    JWKSet set = jwks();
    assertThat(set.getKeys())
        .extracting(k -> k.getKeyID())
        .containsExactlyInAnyOrder("dev-1", "dev-2");
    assertThat(set.getKeys()).noneMatch(k -> k.isPrivate());
  }

  @Test
  void storesOnlyABcryptHashOfTheSecret(Infra infra) throws Exception {
    try (Connection c = infra.openJdbc();
        PreparedStatement s =
            c.prepareStatement(
                "select client_secret from auth.oauth2_registered_client where client_id = ?")) {
      s.setString(1, "pos-m_5812_0913-t1");
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).startsWith("{bcrypt}$2").doesNotContain("dev-pos-secret");
      }
    }
  }

  @Test
  void twoHundredTerminalsMintTheirFirstTokenAtOnceAndNoneFails() throws Exception {
    // given 200 terminal clients with generated 128-bit secrets (as the simulator registers them)
    int terminals = 200;
    List<String> secrets = new java.util.ArrayList<>();
    for (int i = 0; i < terminals; i++) {
      String secret = "sim-" + java.util.HexFormat.of().formatHex(randomBytes(16));
      secrets.add(secret);
      clients.register(
          new ClientRequest(
              "pos-burst-" + i,
              secret,
              java.util.Set.of("payments:write", "payments:read"),
              "m_burst_" + i,
              "internal"));
    }
    assertThat(
            jdbc.queryForObject(
                "select count(*) from auth.oauth2_registered_client"
                    + " where client_id like 'pos-burst-%' and client_secret like '{sha256}%'",
                Integer.class))
        .isEqualTo(terminals);

    // when all of them ask for their first token at the same moment
    HttpClient burst =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    CountDownLatch start = new CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers =
        new java.util.ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < terminals; i++) {
        String clientId = "pos-burst-" + i;
        String secret = secrets.get(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return burst.send(
                      tokenRequest(clientId, secret, "payments:write payments:read")
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
                }));
      }
      // each within the simulator's request timeout (10 s); how long the burst takes is the
      // benchmark's business, not this test's
      start.countDown();
      for (int i = 0; i < terminals; i++) {
        HttpResponse<String> response = futures.get(i).get(30, TimeUnit.SECONDS);
        // then every one is a token of its own client
        assertThat(response.statusCode())
            .as("pos-burst-" + i + ": " + response.body())
            .isEqualTo(200);
        JWTClaimsSet claims =
            SignedJWT.parse(JSON.readTree(response.body()).get("access_token").asString())
                .getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("pos-burst-" + i);
        assertThat(claims.getStringClaim("merchant_id")).isEqualTo("m_burst_" + i);
      }
    }
  }

  @Test
  void stillVerifiesAGeneratedSecretStoredAsBcryptBeforeTheFastScheme() throws Exception {
    // given a client whose secret was hashed with BCrypt by an earlier version
    String secret = "sim-" + java.util.HexFormat.of().formatHex(randomBytes(16));
    clients.register(
        new ClientRequest(
            "pos-legacy-1", secret, java.util.Set.of("payments:write"), "m_legacy", null));
    jdbc.update(
        "update auth.oauth2_registered_client set client_secret = ? where client_id = ?",
        "{bcrypt}"
            + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder().encode(secret),
        "pos-legacy-1");

    // then it still gets a token, and a wrong secret does not
    assertThat(token("pos-legacy-1", secret, "payments:write").statusCode()).isEqualTo(200);
    assertThat(token("pos-legacy-1", secret + "x", "payments:write").statusCode()).isEqualTo(401);
  }

  @Test
  void adminApiRegistersAndShowsClientsOnlyForAdminScope() throws Exception {
    String body =
        """
        {"clientId":"pos-m_1_0001-t9","clientSecret":"s3cret-pos-9","scopes":["payments:write"],
         "merchantId":"m_1_0001","tier":"premium"}""";
    String posToken = accessToken("pos-m_5812_0913-t1", "dev-pos-secret", "payments:write");
    String adminToken = accessToken("paystream-admin", "dev-admin-secret", "admin");

    // no token / token without admin scope
    assertProblem(post("/admin/clients", body, null), 401, "unauthorized");
    assertProblem(post("/admin/clients", body, posToken), 403, "forbidden");

    // admin
    HttpResponse<String> created = post("/admin/clients", body, adminToken);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/admin/clients/pos-m_1_0001-t9");
    HttpResponse<String> shown = get("/admin/clients/pos-m_1_0001-t9", adminToken);
    assertThat(shown.statusCode()).isEqualTo(200);
    JsonNode view = JSON.readTree(shown.body());
    assertThat(view.get("merchantId").asString()).isEqualTo("m_1_0001");
    assertThat(view.get("tier").asString()).isEqualTo("premium");
    assertThat(shown.body()).doesNotContain("s3cret-pos-9").doesNotContain("clientSecret");
    assertThat(get("/admin/clients/pos-m_1_0001-t9", posToken).statusCode()).isEqualTo(403);

    // the new client gets a token with its claims
    SignedJWT jwt =
        SignedJWT.parse(accessToken("pos-m_1_0001-t9", "s3cret-pos-9", "payments:write"));
    assertThat(jwt.getJWTClaimsSet().getStringClaim("merchant_id")).isEqualTo("m_1_0001");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("tier")).isEqualTo("premium");

    // duplicates, bad input and unknown ids are problems
    HttpResponse<String> duplicate = post("/admin/clients", body, adminToken);
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(
            post("/admin/clients", "{\"clientId\":\"x\",\"scopes\":[\"root\"]}", adminToken)
                .statusCode())
        .isEqualTo(400);
    assertThat(get("/admin/clients/nobody", adminToken).statusCode()).isEqualTo(404);
  }

  @Test
  void adminApiAnswersMissingInvalidAndUnderScopedTokensWithProblems() throws Exception {
    // given
    String body =
        """
        {"clientId":"pos-m_1_0001-t8","clientSecret":"s3cret-pos-8","scopes":["payments:write"]}""";
    String posToken = accessToken("pos-m_5812_0913-t1", "dev-pos-secret", "payments:write");
    String adminToken = accessToken("paystream-admin", "dev-admin-secret", "admin");
    String expiredAdminToken =
        sign(
            previousKey(),
            adminClaims().expirationTime(Date.from(Instant.now().minusSeconds(60))).build());

    // when / then: no token
    HttpResponse<String> none = post("/admin/clients", body, null);
    assertProblem(none, 401, "unauthorized");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    // a token that fails validation
    for (String invalid : List.of("not-a-jwt", expiredAdminToken, tampered(adminToken))) {
      HttpResponse<String> response = post("/admin/clients", body, invalid);
      assertProblem(response, 401, "unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer error=\"invalid_token\""));
      assertThat(response.body()).doesNotContain(invalid);
    }
    // a valid token without scope admin
    HttpResponse<String> forbidden = post("/admin/clients", body, posToken);
    assertProblem(forbidden, 403, "forbidden");
    assertThat(forbidden.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
    assertProblem(get("/admin/clients/paystream-admin", posToken), 403, "forbidden");
    assertThat(get("/admin/clients/pos-m_1_0001-t8", adminToken).statusCode()).isEqualTo(404);
  }

  @Test
  void keepsAcceptingTokensOfThePreviousKeyUntilTheyExpireButNoUnknownKid() throws Exception {
    // given a token the previous key (dev-1) signed before the rotation, still unexpired
    String previous = sign(previousKey(), adminClaims().build());
    // and one signed by a key the issuer never published, under a kid it does not know
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("dev-9").generate();
    String unknownKid = sign(stranger, adminClaims().build());

    // then the JWKS that resource servers (the gateway) fetch verifies the previous key's token
    SignedJWT jwt = SignedJWT.parse(previous);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("dev-1");
    assertThat(jwt.verify(new RSASSAVerifier((RSAKey) jwks().getKeyByKeyId("dev-1")))).isTrue();
    // new tokens carry the new kid
    assertThat(
            SignedJWT.parse(accessToken("paystream-admin", "dev-admin-secret", "admin"))
                .getHeader()
                .getKeyID())
        .isEqualTo("dev-2");
    // and the server's own resource server accepts the previous key, refuses an unknown kid
    assertThat(get("/admin/clients/paystream-admin", previous).statusCode()).isEqualTo(200);
    assertProblem(get("/admin/clients/paystream-admin", unknownKid), 401, "unauthorized");
  }

  @Test
  void scheduledCleanupDeletesOnlyAuthorizationsExpiredLongerThanTheRetention() throws Exception {
    // given (retention 1 h, a run every 300 ms in this test)
    String run = UUID.randomUUID().toString().substring(0, 8);
    insertAuthorization("old-" + run, "2 hours", null);
    insertAuthorization("recent-" + run, "30 minutes", null);
    insertAuthorization("live-" + run, "-5 minutes", null);
    insertAuthorization("refreshable-" + run, "2 hours", "-1 day");

    // when the schedule runs
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !authorizationExists("old-" + run));

    // then
    assertThat(authorizationExists("old-" + run)).isFalse();
    assertThat(authorizationExists("recent-" + run)).isTrue();
    assertThat(authorizationExists("live-" + run)).isTrue();
    assertThat(authorizationExists("refreshable-" + run)).isTrue();
    // and tokens the server issues are stored with their expiry, so they become purgeable
    accessToken("pos-m_5812_0913-t2", "dev-pos-secret", "payments:read");
    assertThat(
            jdbc.queryForObject(
                "select count(*) from oauth2_authorization where principal_name = ?"
                    + " and access_token_expires_at > now() + interval '9 minutes'",
                Long.class,
                "pos-m_5812_0913-t2"))
        .isPositive();
  }

  @Test
  void replicasPurgingAtOnceDeleteEveryExpiredRowExactlyOnce() throws Exception {
    // given 200 rows expired 30 minutes ago (the 1 h schedule leaves them alone)
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 200; i++) {
      insertAuthorization("batch-" + run + "-" + i, "30 minutes", null);
    }
    long purgeable =
        jdbc.queryForObject(
            "select count(*) from oauth2_authorization"
                + " where access_token_expires_at < now() - interval '1 minute'"
                + " and (refresh_token_expires_at is null"
                + " or refresh_token_expires_at < now() - interval '1 minute')",
            Long.class);

    // when two replicas' purgers (retention 1 min, batches of 15) run at the same time
    ExpiredAuthorizationPurger one =
        new ExpiredAuthorizationPurger(jdbc, Duration.ofMinutes(1), 15);
    ExpiredAuthorizationPurger two =
        new ExpiredAuthorizationPurger(jdbc, Duration.ofMinutes(1), 15);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Long> a = pool.submit(() -> awaitThen(start, one::purge));
      Future<Long> b = pool.submit(() -> awaitThen(start, two::purge));
      start.countDown();

      // then every row is deleted once, none twice, and no run failed
      assertThat(a.get(30, TimeUnit.SECONDS) + b.get(30, TimeUnit.SECONDS)).isEqualTo(purgeable);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            jdbc.queryForObject(
                "select count(*) from oauth2_authorization where id like ?",
                Long.class,
                "batch-" + run + "-%"))
        .isZero();
  }

  static long awaitThen(CountDownLatch start, java.util.function.LongSupplier purge)
      throws InterruptedException {
    start.await();
    return purge.getAsLong();
  }

  /**
   * An authorization row as Spring Authorization Server stores one, its access token expired {@code
   * accessExpiredAgo} ago (a negative interval is in the future).
   */
  void insertAuthorization(String id, String accessExpiredAgo, String refreshExpiredAgo) {
    jdbc.update(
        "insert into oauth2_authorization (id, registered_client_id, principal_name,"
            + " authorization_grant_type, access_token_value, access_token_issued_at,"
            + " access_token_expires_at, refresh_token_expires_at)"
            + " values (?, 'test', 'test', 'client_credentials', 'x',"
            + " now() - ?::interval - interval '10 minutes', now() - ?::interval,"
            + " now() - ?::interval)",
        id,
        accessExpiredAgo,
        accessExpiredAgo,
        refreshExpiredAgo);
  }

  boolean authorizationExists(String id) {
    return jdbc.queryForObject(
            "select count(*) from oauth2_authorization where id = ?", Long.class, id)
        == 1;
  }

  RSAKey previousKey() {
    return (RSAKey)
        SigningKeys.of(List.of(new SigningKeys.PemKey("dev-1", previousKeyPem, null)), "dev-1")
            .jwkSet()
            .getKeyByKeyId("dev-1");
  }

  static JWTClaimsSet.Builder adminClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience("paystream")
        .subject("paystream-admin")
        .claim("scope", List.of("admin"))
        .issueTime(Date.from(now.minusSeconds(120)))
        .notBeforeTime(Date.from(now.minusSeconds(120)))
        .expirationTime(Date.from(now.plusSeconds(480)));
  }

  static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** The token with its payload's last character changed, the signature kept. */
  static String tampered(String token) {
    String[] parts = token.split("\\.");
    char last = parts[1].charAt(parts[1].length() - 1);
    String payload = parts[1].substring(0, parts[1].length() - 1) + (last == 'A' ? 'B' : 'A');
    return parts[0] + "." + payload + "." + parts[2];
  }

  static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asString()).isEqualTo("https://paystream.io/problems/" + type);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
  }

  JWKSet jwks() throws Exception {
    return JWKSet.parse(get("/oauth2/jwks", null).body());
  }

  String accessToken(String clientId, String secret, String scope) throws Exception {
    HttpResponse<String> response = token(clientId, secret, scope);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("access_token").asString();
  }

  @Test
  void theTokenEndpointLimitsEachClientIdBeforeCheckingItsSecret() throws Exception {
    // given someone guessing the secret of one client, 30 attempts at once
    List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      guesses.add(
          HTTP.sendAsync(
              tokenRequest("pos-guessed-1", "guess-" + i, "payments:write").build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = guesses.stream().map(CompletableFuture::join).toList();

    // then at most two seconds' worth (5 per second) reach the secret check, the rest are 429
    List<HttpResponse<String>> limited =
        answers.stream().filter(r -> r.statusCode() == 429).toList();
    assertThat(limited).hasSizeGreaterThanOrEqualTo(20);
    assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(401, 429));
    assertThat(limited.getFirst().headers().firstValue("Retry-After")).hasValue("1");
    assertThat(limited.getFirst().headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(JSON.readTree(limited.getFirst().body()).get("type").asString())
        .isEqualTo("https://paystream.io/problems/rate-limited");
    // and another client is not held up by it
    assertThat(token("pos-m_5812_0913-t2", "dev-pos-secret", "payments:write").statusCode())
        .isEqualTo(200);
  }

  HttpResponse<String> token(String clientId, String secret, String scope) throws Exception {
    return HTTP.send(
        tokenRequest(clientId, secret, scope).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder tokenRequest(String clientId, String secret, String scope) {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                "grant_type=client_credentials&scope=" + scope.replace(" ", "+")));
  }

  static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new java.security.SecureRandom().nextBytes(bytes);
    return bytes;
  }

  HttpResponse<String> post(String path, String json, String bearer) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }
}
