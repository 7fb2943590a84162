package io.paystream.notification.provider.push;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.paystream.notification.TestServiceAccount;
import io.paystream.notification.provider.TransientProviderException;
import io.paystream.notification.template.RenderedMessage;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.web.reactive.function.client.WebClient;

/** FCM HTTP v1 calls with a bearer minted from a service-account key, against WireMock. */
class FcmPushClientTest {

  static final String PUSH_PATH = "/v1/projects/test-project/messages:send";
  static final String TOKEN_PATH = "/token";

  WireMockServer wireMock;
  TestServiceAccount account;
  FcmPushClient client;

  @BeforeEach
  void start() {
    wireMock = new WireMockServer(options().dynamicPort());
    wireMock.start();
    // The key file names Google's endpoint; the configured token URI must win.
    account = new TestServiceAccount("https://oauth2.googleapis.com/token");
    wireMock.stubFor(
        post(urlPathEqualTo(PUSH_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"name\":\"projects/test-project/messages/1\"}")));
  }

  @AfterEach
  void stop() {
    wireMock.stop();
  }

  private void tokenEndpointAnswers(String token, int expiresInSeconds) {
    wireMock.stubFor(
        post(urlPathEqualTo(TOKEN_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\""
                            + token
                            + "\",\"expires_in\":"
                            + expiresInSeconds
                            + ",\"token_type\":\"Bearer\"}")));
  }

  private FcmPushClient client() {
    ServiceAccountAccessTokens tokens =
        new ServiceAccountAccessTokens(account.json(), URI.create(wireMock.baseUrl() + TOKEN_PATH));
    PushProperties properties =
        new PushProperties(
            URI.create(wireMock.baseUrl()), "test-project", "unused", null, null, null);
    return new FcmPushClient(WebClient.builder(), properties, tokens);
  }

  private static RenderedMessage message() {
    return new RenderedMessage(
        "payment-approved", Locale.ENGLISH, "Payment approved", "5.00 USD", null);
  }

  @Test
  void mintsTheBearerWithASignedJwtBearerGrantAndReusesItForTheNextPush() throws Exception {
    tokenEndpointAnswers("minted-token-1", 3600);
    FcmPushClient client = client();

    String first = client.send("fcm-token-a", message()).block(Duration.ofSeconds(10));
    String second = client.send("fcm-token-b", message()).block(Duration.ofSeconds(10));

    assertThat(first).isEqualTo("projects/test-project/messages/1");
    assertThat(second).isEqualTo("projects/test-project/messages/1");
    List<LoggedRequest> tokenCalls = wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
    assertThat(tokenCalls).as("one token for both pushes").hasSize(1);
    Map<String, String> form = form(tokenCalls.get(0).getBodyAsString());
    assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");

    SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
    assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(assertion.getHeader().getKeyID()).isEqualTo("test-key-1");
    assertThat(assertion.verify(new RSASSAVerifier(account.key().toRSAPublicKey())))
        .as("signed with the service account's private key")
        .isTrue();
    JWTClaimsSet claims = assertion.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(TestServiceAccount.CLIENT_EMAIL);
    // Google's documented audience, also when the grant goes to another URI (proxy, private
    // endpoint): Google's token service is the party that checks it.
    assertThat(claims.getAudience()).containsExactly("https://oauth2.googleapis.com/token");
    assertThat(claims.getStringClaim("scope"))
        .isEqualTo("https://www.googleapis.com/auth/firebase.messaging");
    assertThat(claims.getExpirationTime().toInstant())
        .isAfter(Instant.now())
        .isBefore(Instant.now().plus(Duration.ofMinutes(61)));

    wireMock.verify(
        2,
        postRequestedFor(urlPathEqualTo(PUSH_PATH))
            .withHeader("Authorization", equalTo("Bearer minted-token-1")));
  }

  @Test
  void mintsANewTokenWhenTheCachedOneIsAboutToExpire() {
    // 60 s left is inside the refresh margin: the next push must not use it again.
    tokenEndpointAnswers("short-lived", 60);
    FcmPushClient client = client();

    client.send("fcm-token-a", message()).block(Duration.ofSeconds(10));
    client.send("fcm-token-b", message()).block(Duration.ofSeconds(10));

    wireMock.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  @Test
  void tokenEndpointFailureIsATransientPushFailureAndNothingIsPushed() {
    wireMock.stubFor(
        post(urlPathEqualTo(TOKEN_PATH))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"bad\"}")));
    FcmPushClient client = client();

    assertThatThrownBy(() -> client.send("fcm-token-a", message()).block(Duration.ofSeconds(30)))
        .isInstanceOf(TransientProviderException.class)
        .satisfies(
            e ->
                assertThat(((TransientProviderException) e).reason())
                    .isEqualTo("push-token-unavailable"));
    wireMock.verify(0, postRequestedFor(urlPathEqualTo(PUSH_PATH)));
  }

  @Test
  void keyIsReadInlineFromJsonOrFromAResourceLocation() throws Exception {
    tokenEndpointAnswers("minted-token-1", 3600);
    String json = new String(account.json().readAllBytes(), StandardCharsets.UTF_8);
    DefaultResourceLoader resources = new DefaultResourceLoader();

    try (InputStream inline = ServiceAccountAccessTokens.openKey("  " + json, resources);
        InputStream file =
            ServiceAccountAccessTokens.openKey(account.writeToTempFile(), resources)) {
      assertThat(new ServiceAccountAccessTokens(inline, null).clientEmail())
          .isEqualTo(TestServiceAccount.CLIENT_EMAIL);
      assertThat(new ServiceAccountAccessTokens(file, null).clientEmail())
          .isEqualTo(TestServiceAccount.CLIENT_EMAIL);
    }
    assertThatThrownBy(
            () -> ServiceAccountAccessTokens.openKey("file:/nonexistent/key.json", resources))
        .isInstanceOf(java.io.IOException.class);
  }

  private static Map<String, String> form(String body) {
    return Arrays.stream(body.split("&"))
        .map(p -> p.split("=", 2))
        .collect(
            Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }
}
