package io.paystream.notification.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.paystream.notification.NotificationTestSupport.attempts;
import static io.paystream.notification.NotificationTestSupport.deadLetters;
import static io.paystream.notification.NotificationTestSupport.delivery;
import static io.paystream.notification.NotificationTestSupport.putCustomer;
import static io.paystream.notification.NotificationTestSupport.request;
import static io.paystream.notification.NotificationTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.devstack.test.TestAuthServer;
import io.paystream.notification.MutableClock;
import io.paystream.notification.NotificationTestSupport;
import io.paystream.notification.TestServiceAccount;
import io.paystream.notification.kafka.NotificationRetryTopicConfiguration;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@PaystreamIntegrationTest
@AutoConfigureWebTestClient
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paystream.notification.sms.resilience.initial-backoff=100ms",
      "paystream.notification.sms.resilience.max-attempts=3",
      "paystream.notification.push.resilience.initial-backoff=100ms",
      "paystream.notification.push.resilience.max-attempts=3",
      "paystream.notification.retry-topics.attempts=3",
      "paystream.notification.retry-topics.initial-delay=1s",
      "paystream.notification.retry-topics.multiplier=2",
      "paystream.notification.retry-topics.max-delay=2s",
      "paystream.notification.deferral.poll-interval=300ms",
      "paystream.notification.push.project=test-project",
      "paystream.notification.sms.auth-token=test-sms-token",
      "paystream.notification.email.from=paystream <no-reply@paystream.test>"
    })
class NotificationDeliveryIT {

  /** Seoul 09:30, New York 19:30: outside every quiet window. */
  static final Instant DAYTIME = Instant.parse("2026-11-21T00:30:00Z");

  static final String ACCOUNT = "AC00000000000000000000000000000000";
  static final String SMS_PATH = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
  static final String PUSH_PATH = "/v1/projects/test-project/messages:send";

  static final String TOKEN_PATH = "/oauth2/token";

  static final WireMockServer wireMock = new WireMockServer(options().dynamicPort());
  static final GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp"));
  static final TestAuthServer auth = TestAuthServer.start();
  static final TestServiceAccount fcmAccount =
      new TestServiceAccount("https://oauth2.googleapis.com/token");

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    Clock testClock() {
      return new MutableClock(DAYTIME);
    }
  }

  @Autowired Clock clock;
  @Autowired WebTestClient web;
  @Autowired MeterRegistry meters;
  Infra infra;

  @DynamicPropertySource
  static void providers(DynamicPropertyRegistry registry) throws Exception {
    registry.add("paystream.notification.sms.base-url", wireMock::baseUrl);
    registry.add("paystream.notification.push.base-url", wireMock::baseUrl);
    String key = fcmAccount.writeToTempFile();
    registry.add("paystream.notification.push.service-account-key", () -> key);
    registry.add("paystream.notification.push.token-uri", () -> wireMock.baseUrl() + TOKEN_PATH);
    auth.register(registry);
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
  }

  @BeforeAll
  static void startStubs(Infra infra) throws Exception {
    wireMock.start();
    greenMail.start();
    NotificationTestSupport.createContactView(infra);
  }

  @AfterAll
  static void stopStubs() {
    wireMock.stop();
    auth.stop();
    greenMail.stop();
  }

  @BeforeEach
  void resetStubs(Infra infra) {
    this.infra = infra;
    wireMock.resetAll();
    ((MutableClock) clock).set(DAYTIME);
    wireMock.stubFor(
        post(urlPathEqualTo(TOKEN_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"minted-fcm-token\",\"expires_in\":3600,"
                            + "\"token_type\":\"Bearer\"}")));
    wireMock.stubFor(
        post(urlPathEqualTo(SMS_PATH))
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\","
                            + "\"status\":\"queued\"}")
                    .withTransformers("response-template")));
    wireMock.stubFor(
        post(urlPathEqualTo(PUSH_PATH))
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"name\":\"projects/test-project/messages/{{randomValue length=12"
                            + " type='NUMERIC'}}\"}")
                    .withTransformers("response-template")));
  }

  private static List<LoggedRequest> smsTo(String phone) {
    return wireMock.findAll(
        postRequestedFor(urlPathEqualTo(SMS_PATH)).withFormParam("To", equalTo(phone)));
  }

  private static Map<String, String> challenge() {
    return Map.of(
        "merchant",
        "Times Square Diner",
        "amount",
        "23.50 USD",
        "place",
        "New York, US",
        "code",
        "123456");
  }

  @Test
  void sendsSmsAsTwilioFormWithBasicAuthAndLogsItSent() throws Exception {
    putCustomer(infra, "c-sms", "+14155550101", null, null, "ko");
    Event<NotificationRequested> event =
        request(
            "c-sms",
            "vc:p-1",
            NotificationChannel.SMS,
            "verification-challenge",
            null,
            challenge(),
            true);

    send(infra, List.of(event));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .until(() -> smsTo("+14155550101").size() == 1);
    wireMock.verify(
        postRequestedFor(urlPathEqualTo(SMS_PATH))
            .withBasicAuth(new BasicCredentials(ACCOUNT, "test-sms-token"))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withFormParam("From", equalTo("+15005550006"))
            .withFormParam("Body", containing("YES 123456"))
            .withFormParam("Body", containing("결제 확인")));
    await()
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              NotificationTestSupport.Row row = delivery(infra, "vc:p-1");
              assertThat(row.status()).isEqualTo("SENT");
              assertThat(row.recipientMasked()).isEqualTo("+14*******01");
              assertThat(row.providerMessageId()).startsWith("SM");
            });
  }

  @Test
  void sendsPushAsFcmV1WithBearerMintedFromTheServiceAccount() throws Exception {
    putCustomer(infra, "c-push", null, null, "fcm-token-abc", "en");
    send(
        infra,
        List.of(
            request(
                "c-push",
                "pa:p-2",
                NotificationChannel.PUSH,
                "payment-approved",
                "en",
                Map.of("merchant", "Cafe", "amount", "5.00 USD"),
                false)));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(delivery(infra, "pa:p-2").status()).isEqualTo("SENT"));
    wireMock.verify(
        1,
        postRequestedFor(urlPathEqualTo(PUSH_PATH))
            .withHeader("Authorization", equalTo("Bearer minted-fcm-token"))
            .withRequestBody(matchingJsonPath("$.message.token", equalTo("fcm-token-abc")))
            .withRequestBody(
                matchingJsonPath("$.message.notification.title", equalTo("Payment approved")))
            .withRequestBody(matchingJsonPath("$.message.notification.body", containing("Cafe"))));
    assertThat(delivery(infra, "pa:p-2").providerMessageId())
        .startsWith("projects/test-project/messages/");
    // minted by the JWT bearer grant (at most once per test: the token outlives the test)
    assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))))
        .allSatisfy(
            r ->
                assertThat(r.getBodyAsString())
                    .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")
                    .contains("assertion="))
        .hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void unregisteredPushTokenIsNotRetriedAndLoggedFailed() throws Exception {
    putCustomer(infra, "c-gone", null, null, "fcm-token-gone", "en");
    double failedBefore = deliveries("PUSH", "FAILED");
    wireMock.stubFor(
        post(urlPathEqualTo(PUSH_PATH))
            .withRequestBody(matchingJsonPath("$.message.token", equalTo("fcm-token-gone")))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":"
                            + "[{\"errorCode\":\"UNREGISTERED\"}]}}")));

    send(
        infra,
        List.of(
            request(
                "c-gone",
                "pa:p-11",
                NotificationChannel.PUSH,
                "payment-approved",
                "en",
                Map.of("merchant", "Cafe", "amount", "5.00 USD"),
                false)));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(deadLettersFor("pa:p-11")).hasSize(1));
    // would-be retries have had their chance
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofMillis(21500))
        .until(
            () ->
                wireMock
                        .findAll(
                            postRequestedFor(urlPathEqualTo(PUSH_PATH))
                                .withRequestBody(
                                    matchingJsonPath("$.message.token", equalTo("fcm-token-gone"))))
                        .size()
                    == 1);
    wireMock.verify(
        1,
        postRequestedFor(urlPathEqualTo(PUSH_PATH))
            .withRequestBody(matchingJsonPath("$.message.token", equalTo("fcm-token-gone"))));
    NotificationTestSupport.Row row = delivery(infra, "pa:p-11");
    assertThat(row.status()).isEqualTo("FAILED");
    assertThat(row.error()).startsWith("invalid-recipient");
    assertThat(deliveries("PUSH", "FAILED") - failedBefore).isEqualTo(1);
  }

  @Test
  void smsServerErrorThenSuccessIsDeliveredOnceAfterOneRetry() throws Exception {
    putCustomer(infra, "c-500", "+14155550102", null, null, "en");
    stubSequence(SMS_PATH, "+14155550102", 500, null);

    send(
        infra,
        List.of(
            request(
                "c-500",
                "pd:p-3",
                NotificationChannel.SMS,
                "payment-denied",
                "en",
                Map.of("merchant", "Cafe", "amount", "5.00 USD"),
                false)));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(delivery(infra, "pd:p-3").status()).isEqualTo("SENT"));
    assertThat(smsTo("+14155550102")).hasSize(2);
    assertThat(attempts(infra, "pd:p-3")).containsExactly("TRANSIENT_FAILURE", "SENT");
  }

  @Test
  void pushServerErrorThenSuccessIsDeliveredOnceAfterOneRetry() throws Exception {
    putCustomer(infra, "c-push500", null, null, "fcm-token-500", "en");
    wireMock.stubFor(
        post(urlPathEqualTo(PUSH_PATH))
            .withRequestBody(matchingJsonPath("$.message.token", equalTo("fcm-token-500")))
            .inScenario("push500")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));

    send(
        infra,
        List.of(
            request(
                "c-push500",
                "pa:p-4",
                NotificationChannel.PUSH,
                "payment-approved",
                "en",
                Map.of("merchant", "Cafe", "amount", "5.00 USD"),
                false)));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(delivery(infra, "pa:p-4").status()).isEqualTo("SENT"));
    assertThat(attempts(infra, "pa:p-4")).containsExactly("TRANSIENT_FAILURE", "SENT");
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterBeforeTheNextAttempt() throws Exception {
    putCustomer(infra, "c-429", "+14155550103", null, null, "en");
    stubSequence(SMS_PATH, "+14155550103", 429, "2");

    send(
        infra,
        List.of(
            request(
                "c-429",
                "pa:p-5",
                NotificationChannel.SMS,
                "payment-approved",
                "en",
                Map.of("merchant", "Cafe", "amount", "5.00 USD"),
                false)));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(delivery(infra, "pa:p-5").status()).isEqualTo("SENT"));
    List<LoggedRequest> calls = smsTo("+14155550103");
    assertThat(calls).hasSize(2);
    long gapMs = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
    assertThat(gapMs).isGreaterThanOrEqualTo(2000);
  }

  @Test
  void invalidNumberIsNotRetriedLoggedFailedAndDeadLettered() throws Exception {
    putCustomer(infra, "c-400", "+1555", null, null, "en");
    double failedBefore = deliveries("SMS", "FAILED");
    wireMock.stubFor(
        post(urlPathEqualTo(SMS_PATH))
            .withFormParam("To", equalTo("+1555"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"code\":21211,\"message\":\"The 'To' number +1555 is not a valid"
                            + " phone number.\",\"status\":400}")));

    send(
        infra,
        List.of(
            request(
                "c-400",
                "pa:p-6",
                NotificationChannel.SMS,
                "payment-approved",
                "en",
                Map.of("merchant", "Cafe", "amount", "5.00 USD"),
                false)));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(deadLettersFor("pa:p-6")).hasSize(1));
    // would-be retries have had their chance
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofMillis(21500))
        .until(() -> smsTo("+1555").size() == 1);
    assertThat(smsTo("+1555")).hasSize(1);
    NotificationTestSupport.Row row = delivery(infra, "pa:p-6");
    assertThat(row.status()).isEqualTo("FAILED");
    assertThat(row.error()).startsWith("invalid-recipient");
    assertThat(reason(deadLettersFor("pa:p-6").get(0))).isEqualTo("invalid-recipient");
    assertThat(deliveries("SMS", "FAILED") - failedBefore).isEqualTo(1);
  }

  @Test
  void sameEventDeliveredThreeTimesSendsOneMessage() throws Exception {
    putCustomer(infra, "c-dup", "+14155550104", null, null, "en");
    double sentBefore = deliveries("SMS", "SENT");
    double duplicatesBefore = deliveries("SMS", "DUPLICATE");
    Event<NotificationRequested> event =
        request(
            "c-dup",
            "pa:p-7",
            NotificationChannel.SMS,
            "payment-approved",
            "en",
            Map.of("merchant", "Cafe", "amount", "5.00 USD"),
            false);

    send(infra, List.of(event, event, event));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(delivery(infra, "pa:p-7").status()).isEqualTo("SENT"));
    // the duplicates do not send
    await()
        .during(Duration.ofMillis(2000))
        .atMost(Duration.ofMillis(22000))
        .until(() -> smsTo("+14155550104").size() == 1);
    assertThat(smsTo("+14155550104")).hasSize(1);
    assertThat(attempts(infra, "pa:p-7")).containsExactly("SENT");
    assertThat(deliveries("SMS", "SENT") - sentBefore).isEqualTo(1);
    assertThat(deliveries("SMS", "DUPLICATE") - duplicatesBefore).isEqualTo(2);
  }

  @Test
  void dltReplayDeliversOnceEvenWhenReplayedTwice() throws Exception {
    Event<NotificationRequested> event =
        request(
            "c-late",
            "pa:p-8",
            NotificationChannel.SMS,
            "payment-approved",
            "en",
            Map.of("merchant", "Cafe", "amount", "5.00 USD"),
            false);
    send(infra, List.of(event));
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(deadLettersFor("pa:p-8")).hasSize(1));
    assertThat(reason(deadLettersFor("pa:p-8").get(0))).isEqualTo("contact-not-found");
    putCustomer(infra, "c-late", "+14155550105", null, null, "en");

    for (int i = 0; i < 2; i++) {
      web.post()
          .uri("/admin/dlt/notifications/replay")
          .headers(h -> h.setBearerAuth(auth.token("paystream-admin", null, "admin")))
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"reason\":\"contact-not-found\"}")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.replayed")
          .value(n -> assertThat(((Number) n).intValue()).isPositive());
    }

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(delivery(infra, "pa:p-8").status()).isEqualTo("SENT"));
    await()
        .during(Duration.ofMillis(2000))
        .atMost(Duration.ofMillis(22000))
        .until(() -> smsTo("+14155550105").size() == 1);
    assertThat(smsTo("+14155550105")).hasSize(1);
  }

  @Test
  void replayWithoutTokenIsUnauthorizedProblem() {
    web.post()
        .uri("/admin/dlt/notifications/replay")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/unauthorized")
        .jsonPath("$.status")
        .isEqualTo(401);
  }

  @Test
  void replayWithTokenOfAnotherIssuerIsUnauthorized() {
    web.post()
        .uri("/admin/dlt/notifications/replay")
        .headers(
            h ->
                h.setBearerAuth(
                    auth.token("paystream-admin", null, "admin", "https://evil.example")))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void replayWithoutAdminScopeIsForbiddenProblem() {
    web.post()
        .uri("/admin/dlt/notifications/replay")
        .headers(
            h ->
                h.setBearerAuth(
                    auth.token("paystream-admin", null, "payments:read payments:write")))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/forbidden")
        .jsonPath("$.status")
        .isEqualTo(403);
  }

  @Test
  void replayRejectsInvalidFilterAsProblem() {
    web.post()
        .uri("/admin/dlt/notifications/replay")
        .headers(h -> h.setBearerAuth(auth.token("paystream-admin", null, "admin")))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"limit\":0}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void nonUrgentMessageInQuietHoursIsDeferredThenSentOnceWhileUrgentGoesAtOnce() throws Exception {
    putCustomer(infra, "c-night", "+14155550106", null, null, "ko");
    MutableClock mutable = (MutableClock) clock;
    mutable.set(Instant.parse("2026-11-21T14:00:00Z")); // 23:00 in Seoul

    send(
        infra,
        List.of(
            request(
                "c-night",
                "vip:m-1",
                NotificationChannel.SMS,
                "vip-granted",
                null,
                Map.of("merchant", "Cafe", "visits", "10"),
                false),
            request(
                "c-night",
                "vc:p-9",
                NotificationChannel.SMS,
                "verification-challenge",
                null,
                challenge(),
                true)));

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(delivery(infra, "vip:m-1").status()).isEqualTo("DEFERRED");
              assertThat(delivery(infra, "vc:p-9").status()).isEqualTo("SENT");
            });
    assertThat(smsTo("+14155550106")).hasSize(1);

    mutable.set(Instant.parse("2026-11-21T23:01:00Z")); // 08:01 in Seoul

    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(delivery(infra, "vip:m-1").status()).isEqualTo("SENT"));
    await()
        .during(Duration.ofMillis(1000))
        .atMost(Duration.ofMillis(21000))
        .until(() -> smsTo("+14155550106").size() == 2);
    assertThat(smsTo("+14155550106")).hasSize(2);
    assertThat(attempts(infra, "vip:m-1")).containsExactly("DEFERRED", "SENT");
  }

  @Test
  void sendsEmailWithSubjectTextAndHtmlParts() throws Exception {
    putCustomer(infra, "c-mail", null, "jane@example.com", null, "en");

    send(
        infra,
        List.of(
            request(
                "c-mail",
                "pd:p-10",
                NotificationChannel.EMAIL,
                "payment-denied",
                "en",
                Map.of("merchant", "Tom & Jerry's", "amount", "9.99 USD"),
                false)));

    assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
    MimeMessage mail = greenMail.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("Payment declined");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("jane@example.com");
    String raw = GreenMailUtil.getWholeMessage(mail);
    assertThat(raw).contains("multipart/alternative", "text/plain", "text/html");
    assertThat(textOf(mail, "text/plain")).contains("9.99 USD at Tom & Jerry's was declined");
    assertThat(textOf(mail, "text/html")).contains("Tom &amp; Jerry&#39;s", "<h1>Payment declined");
    await()
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(delivery(infra, "pd:p-10").recipientMasked())
                    .isEqualTo("j***@example.com"));
  }

  private double deliveries(String channel, String status) {
    return meters
        .counter(DeliveryService.DELIVERIES_METRIC, "channel", channel, "status", status)
        .count();
  }

  private static String textOf(MimeMessage message, String type) throws Exception {
    return find(message.getContent(), type);
  }

  private static String find(Object content, String type) throws Exception {
    if (content instanceof MimeMultipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        var part = multipart.getBodyPart(i);
        if (part.isMimeType(type)) {
          return (String) part.getContent();
        }
        String nested = find(part.getContent(), type);
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  private static void stubSequence(String path, String to, int firstStatus, String retryAfter) {
    var first = aResponse().withStatus(firstStatus);
    if (retryAfter != null) {
      first = first.withHeader("Retry-After", retryAfter);
    }
    wireMock.stubFor(
        post(urlPathEqualTo(path))
            .withFormParam("To", equalTo(to))
            .inScenario("seq-" + to)
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("up"));
  }

  private List<ConsumerRecord<byte[], byte[]>> deadLettersFor(String dedupKey) {
    return deadLetters(infra).stream()
        .filter(
            r ->
                r.value() != null
                    && new String(r.value(), StandardCharsets.UTF_8)
                        .contains("\"" + dedupKey + "\""))
        .toList();
  }

  private static String reason(ConsumerRecord<byte[], byte[]> record) {
    var h = record.headers().lastHeader(NotificationRetryTopicConfiguration.REASON_HEADER);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
