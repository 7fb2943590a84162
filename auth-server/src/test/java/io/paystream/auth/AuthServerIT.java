package io.paystream.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The dev profile's auth-server on real PostgreSQL: tokens, claims, hashed secrets, admin API. */
@PaystreamIntegrationTest
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "paystream.auth.issuer-uri=" + AuthServerIT.ISSUER)
@ActiveProfiles("dev")
class AuthServerIT {

  static final String ISSUER = "http://auth.paystream.test";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Value("${local.server.port}")
  int port;

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
    assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key))).isTrue();
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
  void adminApiRegistersAndShowsClientsOnlyForAdminScope() throws Exception {
    String body =
        """
        {"clientId":"pos-m_1_0001-t9","clientSecret":"s3cret-pos-9","scopes":["payments:write"],
         "merchantId":"m_1_0001","tier":"premium"}""";
    String posToken = accessToken("pos-m_5812_0913-t1", "dev-pos-secret", "payments:write");
    String adminToken = accessToken("paystream-admin", "dev-admin-secret", "admin");

    // no token / token without admin scope
    assertThat(post("/admin/clients", body, null).statusCode()).isEqualTo(401);
    assertThat(post("/admin/clients", body, posToken).statusCode()).isEqualTo(403);

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

  JWKSet jwks() throws Exception {
    return JWKSet.parse(get("/oauth2/jwks", null).body());
  }

  String accessToken(String clientId, String secret, String scope) throws Exception {
    HttpResponse<String> response = token(clientId, secret, scope);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("access_token").asString();
  }

  HttpResponse<String> token(String clientId, String secret, String scope) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&scope=" + scope.replace(" ", "+")))
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
