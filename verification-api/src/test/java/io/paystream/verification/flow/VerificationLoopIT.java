package io.paystream.verification.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.event.VerificationCompleted;
import io.paystream.contracts.event.VerificationOutcome;
import io.paystream.contracts.event.VerificationRequested;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.verification.challenge.ChallengeService;
import io.paystream.verification.challenge.OutcomeMetrics;
import io.paystream.verification.sms.TwilioSignatureValidator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/**
 * The whole loop against real Kafka and PostgreSQL: request event → {@code
 * notification.requested.v1} with the code on {@code notifications} → signed provider callback →
 * {@code verification.completed.v1} on {@code verification-results}. The provider is played at the
 * HTTP level: callbacks are signed with the dev-stack auth token exactly as Twilio signs them, sent
 * through the forwarded headers a gateway and TLS proxy add.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "paystream.verification.sms.auth-token=" + VerificationLoopIT.AUTH_TOKEN,
      "paystream.outbox.fallback-poll=1s",
      "paystream.verification.sweeper.interval=200ms",
      "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + VerificationLoopIT.ISSUER
    })
class VerificationLoopIT {

  static final String AUTH_TOKEN = "it-sms-auth-token";
  static final String ISSUER = "https://issuer.paystream.test";
  static final String CALLBACK_PATH = "/v1/verifications/sms-callback";
  static final String ACCOUNT = "AC00000000000000000000000000000000";

  static final WireMockServer JWKS =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());
  static final RSAKey SIGNING_KEY;
  static final TwilioSignatureValidator PROVIDER = new TwilioSignatureValidator(AUTH_TOKEN);

  static {
    try {
      SIGNING_KEY = new RSAKeyGenerator(2048).keyID("it").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    JWKS.start();
    JWKS.stubFor(
        WireMock.get("/jwks")
            .willReturn(WireMock.okJson(new JWKSet(SIGNING_KEY.toPublicJWK()).toString())));
  }

  static final List<ConsumerRecord<String, Event<?>>> RECEIVED = new CopyOnWriteArrayList<>();
  static volatile boolean polling = true;
  static Thread poller;
  static KafkaProducer<String, Event<?>> producer;
  static Infra infra;

  @LocalServerPort int port;
  @Autowired MutableClock clock;
  @Autowired MeterRegistry meters;
  @Autowired ChallengeService service;

  private WebTestClient client;

  /**
   * The URL the provider signs: here the one this server receives (no public base URL is set and no
   * peer is a trusted proxy, the defaults of the test profile).
   */
  String publicUrl() {
    return "http://localhost:" + port + CALLBACK_PATH;
  }

  WebTestClient http() {
    if (client == null) {
      client =
          WebTestClient.bindToServer()
              .baseUrl("http://localhost:" + port)
              .responseTimeout(Duration.ofSeconds(30))
              .build();
    }
    return client;
  }

  @DynamicPropertySource
  static void jwks(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> JWKS.baseUrl() + "/jwks");
  }

  @TestConfiguration
  static class ClockConfiguration {
    @Bean
    @Primary
    MutableClock mutableClock() {
      return new MutableClock(Instant.now());
    }
  }

  /** A clock the test moves forward. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  @BeforeAll
  static void setUp(Infra given) throws Exception {
    infra = given;
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      // payment-api owns the real view; this stands in for it with the documented columns
      s.execute("CREATE SCHEMA IF NOT EXISTS registry");
      s.execute(
          "CREATE TABLE IF NOT EXISTS registry.customer_contacts (customer_id text PRIMARY KEY,"
              + " name text, phone_e164 text, email text, push_token text, locale text)");
    }
    Properties p = infra.kafkaClientProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventKafkaSerializer.class.getName());
    producer = new KafkaProducer<>(p);

    Properties cp = infra.kafkaClientProperties();
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, "it-observer");
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    cp.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        CloudEventKafkaDeserializer.class.getName());
    KafkaConsumer<String, Event<?>> consumer = new KafkaConsumer<>(cp);
    consumer.subscribe(List.of(Topics.NOTIFICATIONS.name(), Topics.VERIFICATION_RESULTS.name()));
    poller =
        new Thread(
            () -> {
              try (consumer) {
                while (polling) {
                  consumer.poll(Duration.ofMillis(100)).forEach(RECEIVED::add);
                }
              }
            },
            "it-observer");
    poller.start();
  }

  @AfterAll
  static void tearDown() throws Exception {
    polling = false;
    poller.join(5000);
    producer.close();
    JWKS.stop();
  }

  // ---------------------------------------------------------------- helpers

  record Cardholder(String customerId, String phone, String paymentId, String cardToken) {}

  static final AtomicInteger SEQ = new AtomicInteger();

  Cardholder newCardholder() throws Exception {
    int n = SEQ.incrementAndGet();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Cardholder h =
        new Cardholder(
            "cus_" + run,
            "+1415555" + String.format("%04d", 1000 + n),
            UUID.randomUUID().toString(),
            "k1_card_" + run);
    try (Connection c = infra.openJdbc();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO registry.customer_contacts (customer_id, name, phone_e164, locale)"
                    + " VALUES (?, ?, ?, 'en')")) {
      ps.setString(1, h.customerId());
      ps.setString(2, "Test Holder " + n);
      ps.setString(3, h.phone());
      ps.executeUpdate();
    }
    return h;
  }

  /** A request as fds-service sends it: held for its default 10 minutes from now. */
  void requestVerification(Cardholder h, String eventId) throws Exception {
    requestVerification(h, eventId, clock.instant().plus(Duration.ofMinutes(10)));
  }

  /**
   * A verification request.
   *
   * @param holdExpiresAt fds-service's hold deadline, or {@code null} as an older fds-service sent
   */
  void requestVerification(Cardholder h, String eventId, Instant holdExpiresAt) throws Exception {
    VerificationRequested data =
        new VerificationRequested(
            h.paymentId(),
            h.cardToken(),
            h.customerId(),
            "m_5812_0913",
            "Times Square Diner",
            2350,
            "USD",
            new GeoLocation(40.758, -73.9855, 0.05, "US"),
            OffsetDateTime.now(ZoneOffset.UTC),
            List.of("IMPOSSIBLE_TRAVEL"),
            clock.instant(),
            holdExpiresAt);
    Event<VerificationRequested> event =
        new Event<>(
            eventId,
            Event.sourceOf("fds-service"),
            Topics.VERIFICATION_REQUESTS.eventType(),
            OffsetDateTime.now(ZoneOffset.UTC),
            h.paymentId(),
            data);
    producer
        .send(new ProducerRecord<>(Topics.VERIFICATION_REQUESTS.name(), h.cardToken(), event))
        .get();
  }

  List<NotificationRequested> notificationsFor(Cardholder h) {
    return RECEIVED.stream()
        .filter(r -> r.topic().equals(Topics.NOTIFICATIONS.name()))
        .map(r -> r.value().dataAs(NotificationRequested.class))
        .filter(n -> n.customerId().equals(h.customerId()))
        .toList();
  }

  List<ConsumerRecord<String, Event<?>>> resultsFor(Cardholder h) {
    return RECEIVED.stream()
        .filter(r -> r.topic().equals(Topics.VERIFICATION_RESULTS.name()))
        .filter(
            r -> r.value().dataAs(VerificationCompleted.class).paymentId().equals(h.paymentId()))
        .toList();
  }

  /**
   * Another held payment of {@code first}'s card and phone; waits until that phone has been sent
   * {@code challengeSmsSoFar} challenge SMS in all.
   */
  Cardholder anotherHeldPayment(Cardholder first, int challengeSmsSoFar) throws Exception {
    Cardholder next =
        new Cardholder(
            first.customerId(), first.phone(), UUID.randomUUID().toString(), first.cardToken());
    requestVerification(next, UUID.randomUUID().toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> challengeSmsFor(first).size() == challengeSmsSoFar);
    return next;
  }

  NotificationRequested awaitChallengeSms(Cardholder h) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                notificationsFor(h).stream()
                    .anyMatch(n -> n.templateId().equals("verification-challenge")));
    return notificationsFor(h).stream()
        .filter(n -> n.templateId().equals("verification-challenge"))
        .findFirst()
        .orElseThrow();
  }

  VerificationCompleted awaitResult(Cardholder h) {
    await().atMost(Duration.ofSeconds(30)).until(() -> !resultsFor(h).isEmpty());
    return resultsFor(h).getFirst().value().dataAs(VerificationCompleted.class);
  }

  static MultiValueMap<String, String> sms(String sid, String from, String body) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("MessageSid", sid);
    form.add("AccountSid", ACCOUNT);
    form.add("From", from);
    form.add("To", "+15005550006");
    form.add("Body", body);
    return form;
  }

  WebTestClient.ResponseSpec callback(MultiValueMap<String, String> form, String signature) {
    WebTestClient.RequestBodySpec spec =
        http().post().uri(CALLBACK_PATH).contentType(MediaType.APPLICATION_FORM_URLENCODED);
    if (signature != null) {
      spec = spec.header(TwilioSignatureValidator.HEADER, signature);
    }
    return spec.body(BodyInserters.fromFormData(form)).exchange();
  }

  WebTestClient.ResponseSpec signedCallback(String sid, String from, String body) {
    MultiValueMap<String, String> form = sms(sid, from, body);
    return callback(form, PROVIDER.sign(publicUrl(), new LinkedHashMap<>(form)));
  }

  static String sid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  Map<String, Object> challengeRow(Cardholder h) throws Exception {
    try (Connection c = infra.openJdbc();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, status, failed_attempts, code_hash FROM verification.challenge"
                    + " WHERE payment_id = ?")) {
      ps.setString(1, h.paymentId());
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("challenge row for %s", h.paymentId()).isTrue();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rs.getObject("id").toString());
        row.put("status", rs.getString("status"));
        row.put("failed_attempts", rs.getInt("failed_attempts"));
        row.put("code_hash", rs.getBytes("code_hash"));
        assertThat(rs.next()).as("one challenge per payment").isFalse();
        return row;
      }
    }
  }

  /** {@code verification.outcomes{outcome=...}} so far. */
  double outcomes(String outcome) {
    Counter counter = meters.find(OutcomeMetrics.NAME).tag(OutcomeMetrics.TAG, outcome).counter();
    assertThat(counter).as("counter %s{outcome=%s}", OutcomeMetrics.NAME, outcome).isNotNull();
    return counter.count();
  }

  static int challengesWithStatus(String status) throws Exception {
    try (Connection c = infra.openJdbc();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM verification.challenge WHERE status = ?")) {
      ps.setString(1, status);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  WebTestClient.ResponseSpec resend(String id, String bearer) {
    WebTestClient.RequestBodySpec spec = http().post().uri("/v1/verifications/{id}/resend", id);
    if (bearer != null) {
      spec = spec.headers(hd -> hd.setBearerAuth(bearer));
    }
    return spec.exchange();
  }

  List<NotificationRequested> challengeSmsFor(Cardholder h) {
    return notificationsFor(h).stream()
        .filter(n -> n.templateId().equals("verification-challenge"))
        .toList();
  }

  static String wrong(String code) {
    return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
  }

  // ---------------------------------------------------------------- tests

  @Test
  void aResendWithATokenForAnotherAudienceIsRefused() throws Exception {
    // given an open challenge and a token our issuer signed for another audience
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    awaitChallengeSms(h);
    String id = challengeRow(h).get("id").toString();

    // then a resend with it is an invalid token, and nothing is sent
    resend(id, signedToken(h.customerId(), "payments:write", "other-api"))
        .expectStatus()
        .isUnauthorized();
    assertThat(challengeSmsFor(h)).hasSize(1);
  }

  @Test
  void yesWithTheRightCodeApprovesOnVerificationResults() throws Exception {
    double approvedBefore = outcomes("APPROVED");
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());

    NotificationRequested sms = awaitChallengeSms(h);
    assertThat(sms.channel().name()).isEqualTo("SMS");
    assertThat(sms.urgent()).isTrue();
    assertThat(sms.locale()).isEqualTo("en");
    assertThat(sms.parameters())
        .containsEntry("merchant", "Times Square Diner")
        .containsEntry("amount", "23.50 USD")
        .containsEntry("place", "US")
        .containsKey("howToAnswer");
    String code = sms.parameters().get("code");
    assertThat(code).matches("[0-9]{6}");
    assertThat(challengeRow(h).get("code_hash")).isNotEqualTo(code.getBytes());

    signedCallback(sid(), h.phone(), "YES " + code)
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.TEXT_XML)
        .expectBody(String.class)
        .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");

    VerificationCompleted result = awaitResult(h);
    assertThat(result.outcome()).isEqualTo(VerificationOutcome.APPROVED);
    assertThat(result.method()).isEqualTo("SMS");
    assertThat(result.cardToken()).isEqualTo(h.cardToken());
    assertThat(resultsFor(h).getFirst().key()).isEqualTo(h.cardToken());
    assertThat(challengeRow(h).get("code_hash")).as("code burned").isNull();
    assertThat(outcomes("APPROVED") - approvedBefore).isEqualTo(1.0);
  }

  @Test
  void withTwoOpenChallengesOnOnePhoneEachCodeApprovesItsOwnPaymentAndAWrongCodeCountsOnBoth()
      throws Exception {
    // given: two held payments of one cardholder, each with its own challenge and SMS
    Cardholder first = newCardholder();
    requestVerification(first, UUID.randomUUID().toString());
    String firstCode = awaitChallengeSms(first).parameters().get("code");
    Cardholder second = anotherHeldPayment(first, 2);
    String secondCode = challengeSmsFor(first).get(1).parameters().get("code");
    assertThat(secondCode).isNotEqualTo(firstCode);

    // when: a code that is neither
    String neither = wrong(firstCode).equals(secondCode) ? wrong(secondCode) : wrong(firstCode);
    signedCallback(sid(), first.phone(), "YES " + neither).expectStatus().isOk();

    // then: tried against both, counted on both, one "attempts left" reply
    assertThat(challengeRow(first).get("failed_attempts")).isEqualTo(1);
    assertThat(challengeRow(second).get("failed_attempts")).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                notificationsFor(first).stream()
                        .filter(n -> n.templateId().equals("verification-wrong-code"))
                        .count()
                    == 1);

    // when: the older payment's code, although a newer challenge is open
    signedCallback(sid(), first.phone(), "YES " + firstCode).expectStatus().isOk();

    // then: the older payment is approved, the newer one still waits for its own code
    assertThat(awaitResult(first).outcome()).isEqualTo(VerificationOutcome.APPROVED);
    assertThat(challengeRow(second).get("status")).isEqualTo("OPEN");

    signedCallback(sid(), first.phone(), "YES " + secondCode).expectStatus().isOk();
    assertThat(awaitResult(second).outcome()).isEqualTo(VerificationOutcome.APPROVED);
  }

  @Test
  void withTwoOpenChallengesNoWithTheOlderCodeDeclinesTheOlderPaymentOnly() throws Exception {
    // given: two held payments of one cardholder, the older one is the fraud
    Cardholder first = newCardholder();
    requestVerification(first, UUID.randomUUID().toString());
    String firstCode = awaitChallengeSms(first).parameters().get("code");
    Cardholder second = anotherHeldPayment(first, 2);
    String secondCode = challengeSmsFor(first).get(1).parameters().get("code");

    // when: NO with the older payment's code
    signedCallback(sid(), first.phone(), "NO " + firstCode).expectStatus().isOk();

    // then: the older payment is declined, the newer one is untouched
    assertThat(awaitResult(first).outcome()).isEqualTo(VerificationOutcome.REJECTED);
    assertThat(challengeRow(second).get("status")).isEqualTo("OPEN");
    assertThat(challengeRow(second).get("failed_attempts")).isEqualTo(0);

    // then: the newer one still takes its own code (and nothing is left open for other tests)
    signedCallback(sid(), first.phone(), "YES " + secondCode).expectStatus().isOk();
    assertThat(awaitResult(second).outcome()).isEqualTo(VerificationOutcome.APPROVED);
  }

  @Test
  void noRejects() throws Exception {
    double rejectedBefore = outcomes("REJECTED");
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    awaitChallengeSms(h);

    signedCallback(sid(), h.phone(), " no ").expectStatus().isOk();

    assertThat(awaitResult(h).outcome()).isEqualTo(VerificationOutcome.REJECTED);
    assertThat(outcomes("REJECTED") - rejectedBefore).isEqualTo(1.0);
  }

  @Test
  void fiveWrongCodesLockAndTheSixthEvenCorrectIsRefused() throws Exception {
    double lockedBefore = outcomes("LOCKED");
    double approvedBefore = outcomes("APPROVED");
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    String code = awaitChallengeSms(h).parameters().get("code");

    for (int i = 0; i < 4; i++) {
      signedCallback(sid(), h.phone(), "YES " + wrong(code)).expectStatus().isOk();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                notificationsFor(h).stream()
                        .filter(n -> n.templateId().equals("verification-wrong-code"))
                        .count()
                    == 4);
    assertThat(
            notificationsFor(h).stream()
                .filter(n -> n.templateId().equals("verification-wrong-code"))
                .map(n -> n.parameters().get("remainingAttempts")))
        .containsExactlyInAnyOrder("4", "3", "2", "1");
    assertThat(resultsFor(h)).isEmpty();

    signedCallback(sid(), h.phone(), "YES " + wrong(code)).expectStatus().isOk();
    assertThat(awaitResult(h).outcome()).isEqualTo(VerificationOutcome.LOCKED);

    signedCallback(sid(), h.phone(), "YES " + code).expectStatus().isOk();
    // a wrong second result would appear within half a second
    staysTrue(Duration.ofMillis(500), () -> assertThat(resultsFor(h)).hasSize(1));
    assertThat(challengeRow(h))
        .containsEntry("status", "LOCKED")
        .containsEntry("failed_attempts", 5);
    assertThat(outcomes("LOCKED") - lockedBefore).as("counted once").isEqualTo(1.0);
    assertThat(outcomes("APPROVED")).isEqualTo(approvedBefore);
  }

  @Test
  void afterTheValidityTheChallengeExpiresAndTheCodeNoLongerWorks() throws Exception {
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    String code = awaitChallengeSms(h).parameters().get("code");
    // other tests' open challenges expire with this one: compare the counter with the table
    double expiredBefore = outcomes("EXPIRED");
    int expiredRowsBefore = challengesWithStatus("EXPIRED");

    clock.advance(Duration.ofMinutes(5));

    VerificationCompleted result = awaitResult(h);
    assertThat(result.outcome()).isEqualTo(VerificationOutcome.EXPIRED);
    assertThat(result.method()).isEqualTo("NONE");
    signedCallback(sid(), h.phone(), "YES " + code).expectStatus().isOk();
    staysTrue(Duration.ofMillis(500), () -> assertThat(resultsFor(h)).hasSize(1));
    assertThat(challengeRow(h)).containsEntry("status", "EXPIRED");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(outcomes("EXPIRED") - expiredBefore)
                    .as("one count per challenge that expired")
                    .isEqualTo(challengesWithStatus("EXPIRED") - expiredRowsBefore)
                    .isGreaterThanOrEqualTo(1.0));
  }

  @Test
  void theSameMessageSidTwiceHasOneEffect() throws Exception {
    double approvedBefore = outcomes("APPROVED");
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    String code = awaitChallengeSms(h).parameters().get("code");
    String sid = sid();

    signedCallback(sid, h.phone(), "YES " + wrong(code)).expectStatus().isOk();
    signedCallback(sid, h.phone(), "YES " + wrong(code)).expectStatus().isOk();
    assertThat(challengeRow(h)).containsEntry("failed_attempts", 1);

    String approveSid = sid();
    signedCallback(approveSid, h.phone(), "YES " + code).expectStatus().isOk();
    signedCallback(approveSid, h.phone(), "YES " + code)
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");
    assertThat(awaitResult(h).outcome()).isEqualTo(VerificationOutcome.APPROVED);
    staysTrue(Duration.ofMillis(500), () -> assertThat(resultsFor(h)).hasSize(1));
    assertThat(outcomes("APPROVED") - approvedBefore).isEqualTo(1.0);
  }

  @Test
  void aDuplicateRequestEventChangesNothing() throws Exception {
    Cardholder h = newCardholder();
    requestVerification(h, "evt-" + h.paymentId());
    awaitChallengeSms(h);
    Object firstId = challengeRow(h).get("id");

    requestVerification(h, "evt-" + h.paymentId());
    requestVerification(h, "evt-other-" + h.paymentId()); // same payment, new event id
    staysTrue(
        Duration.ofMillis(1500),
        () -> {
          assertThat(challengeRow(h).get("id")).isEqualTo(firstId);
          assertThat(notificationsFor(h)).hasSize(1);
        });
  }

  @Test
  void forgedForwardedHeadersCannotChooseTheUrlTheSignatureIsCheckedAgainst() throws Exception {
    // given a genuine provider signature made for another host (e.g. a staging environment that
    // shares the auth token), replayed here with X-Forwarded-* naming that host
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    String code = awaitChallengeSms(h).parameters().get("code");
    MultiValueMap<String, String> form = sms(sid(), h.phone(), "YES " + code);
    String staging = "https://staging.paystream.test" + CALLBACK_PATH;

    // when the replaying client is not a trusted proxy
    http()
        .post()
        .uri(CALLBACK_PATH)
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "staging.paystream.test")
        .header("X-Forwarded-Port", "443")
        .header(TwilioSignatureValidator.HEADER, PROVIDER.sign(staging, new LinkedHashMap<>(form)))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData(form))
        .exchange()
        // then its headers are ignored, the signature does not match this URL, nothing changes
        .expectStatus()
        .isForbidden();
    assertThat(challengeRow(h)).containsEntry("status", "OPEN");
  }

  @Test
  void aBadOrMissingSignatureIs403AndChangesNothing() throws Exception {
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    String code = awaitChallengeSms(h).parameters().get("code");
    MultiValueMap<String, String> form = sms(sid(), h.phone(), "YES " + code);
    String goodSignature = PROVIDER.sign(publicUrl(), new LinkedHashMap<>(form));

    // missing header
    callback(form, null)
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/invalid-signature");
    // signed by someone without our token
    MultiValueMap<String, String> copy = new LinkedMultiValueMap<>(form);
    callback(
            copy,
            new TwilioSignatureValidator("guess").sign(publicUrl(), new LinkedHashMap<>(form)))
        .expectStatus()
        .isForbidden();
    // signature of another URL (e.g. captured from a different endpoint)
    callback(copy, PROVIDER.sign(publicUrl() + "/other", new LinkedHashMap<>(form)))
        .expectStatus()
        .isForbidden();
    // tampered body under a valid signature
    MultiValueMap<String, String> tampered = sms(form.getFirst("MessageSid"), h.phone(), "NO");
    callback(tampered, goodSignature).expectStatus().isForbidden();
    // tampered sender under a valid signature
    MultiValueMap<String, String> otherPhone =
        sms(form.getFirst("MessageSid"), "+14155559999", "YES " + code);
    callback(otherPhone, goodSignature).expectStatus().isForbidden();

    assertThat(challengeRow(h)).containsEntry("status", "OPEN").containsEntry("failed_attempts", 0);
    try (Connection c = infra.openJdbc();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM verification.provider_message WHERE message_sid = ?")) {
      ps.setString(1, form.getFirst("MessageSid"));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
    // and the genuine message still works afterwards
    callback(form, goodSignature).expectStatus().isOk();
    assertThat(awaitResult(h).outcome()).isEqualTo(VerificationOutcome.APPROVED);
  }

  @Test
  void anUnreadableAnswerGetsHelpAndCountsNoAttemptAndHelpIsThrottled() throws Exception {
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    awaitChallengeSms(h);

    signedCallback(sid(), h.phone(), "what is this?").expectStatus().isOk();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                notificationsFor(h).stream()
                    .anyMatch(n -> n.templateId().equals("verification-help")));
    for (int i = 0; i < 5; i++) {
      signedCallback(sid(), h.phone(), "spam " + i).expectStatus().isOk();
    }
    staysTrue(
        Duration.ofMillis(500),
        () ->
            assertThat(
                    notificationsFor(h).stream()
                        .filter(n -> n.templateId().equals("verification-help")))
                .as("one help SMS per phone per minute")
                .hasSize(1));
    assertThat(challengeRow(h)).containsEntry("status", "OPEN").containsEntry("failed_attempts", 0);
  }

  @Test
  void inAppConfirmationChecksTheCustomerAndSharesTheAttemptCounter() throws Exception {
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    String code = awaitChallengeSms(h).parameters().get("code");
    String id = (String) challengeRow(h).get("id");

    http()
        .post()
        .uri("/v1/verifications/{id}/confirm", id)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("decision", "YES", "code", code))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http()
        .post()
        .uri("/v1/verifications/{id}/confirm", id)
        .headers(hd -> hd.setBearerAuth(token("cus_somebody_else")))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("decision", "YES", "code", code))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/not-found");

    signedCallback(sid(), h.phone(), "YES " + wrong(code)).expectStatus().isOk();
    http()
        .post()
        .uri("/v1/verifications/{id}/confirm", id)
        .headers(hd -> hd.setBearerAuth(token(h.customerId())))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("decision", "YES", "code", wrong(code)))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.result")
        .isEqualTo("WRONG_CODE")
        .jsonPath("$.remainingAttempts")
        .isEqualTo(3);

    http()
        .post()
        .uri("/v1/verifications/{id}/confirm", id)
        .headers(hd -> hd.setBearerAuth(token(h.customerId())))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("decision", "YES", "code", code))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("APPROVED");
    VerificationCompleted result = awaitResult(h);
    assertThat(result.outcome()).isEqualTo(VerificationOutcome.APPROVED);
    assertThat(result.method()).isEqualTo("APP");

    http()
        .post()
        .uri("/v1/verifications/{id}/confirm", id)
        .headers(hd -> hd.setBearerAuth(token(h.customerId())))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("decision", "NO"))
        .exchange()
        .expectStatus()
        .isEqualTo(409);
  }

  @Test
  void bruteForceOf10000RandomCodesNeverApproves() throws Exception {
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    String code = awaitChallengeSms(h).parameters().get("code");
    SecureRandom random = new SecureRandom();
    List<String> guesses = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      guesses.add(String.format("%06d", random.nextInt(1_000_000)));
    }
    guesses.set(5_000, code); // the right code arrives after the lock: must still fail
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());

    Flux.fromIterable(guesses)
        .flatMap(
            guess ->
                reactor.core.publisher.Mono.fromCallable(
                        () ->
                            signedCallback(sid(), h.phone(), "YES " + guess)
                                .returnResult(String.class)
                                .getStatus()
                                .value())
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()),
            16)
        .doOnNext(statuses::add)
        .blockLast(Duration.ofMinutes(10));

    assertThat(statuses).hasSize(10_000).containsOnly(200);
    staysTrue(Duration.ofSeconds(1), () -> assertThat(resultsFor(h)).hasSize(1));
    List<VerificationOutcome> outcomes =
        resultsFor(h).stream()
            .map(r -> r.value().dataAs(VerificationCompleted.class).outcome())
            .toList();
    // only the first few dozen guesses can land before the lock (16 in flight); a hit there is the
    // 5-in-a-million chance the limit allows, not a flaw
    boolean luckyGuess = guesses.subList(0, 100).contains(code);
    assertThat(outcomes).hasSize(1);
    if (!luckyGuess) {
      assertThat(outcomes).containsExactly(VerificationOutcome.LOCKED);
      assertThat(challengeRow(h))
          .containsEntry("status", "LOCKED")
          .containsEntry("failed_attempts", 5);
    }
    // SMS pumping bound: 1 challenge + at most 4 wrong-code replies, never one per guess
    assertThat(notificationsFor(h)).hasSizeLessThanOrEqualTo(5);
  }

  @Test
  void aResendWithinTheThrottleKeepsTheCodeAndAfterItANewCodeReplacesTheOldOne() throws Exception {
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    String oldCode = awaitChallengeSms(h).parameters().get("code");
    Map<String, Object> row = challengeRow(h);
    String id = (String) row.get("id");
    String owner = token(h.customerId(), "payments:write");

    // who may ask: a token, with payments:write, of the challenged customer
    resend(id, null).expectStatus().isUnauthorized();
    resend(id, token(h.customerId(), "payments:read")).expectStatus().isForbidden();
    resend(id, token("cus_somebody_else", "payments:write"))
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/not-found");
    resend(UUID.randomUUID().toString(), owner).expectStatus().isNotFound();

    // one wrong answer first: a resend must not give the attempts back
    signedCallback(sid(), h.phone(), "YES " + wrong(oldCode)).expectStatus().isOk();

    // within a minute of the last SMS: 429, the valid code stays as it is
    resend(id, owner)
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueEquals("Retry-After", "60")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/rate-limited");
    assertThat(challengeRow(h).get("code_hash")).isEqualTo(row.get("code_hash"));
    staysTrue(Duration.ofMillis(500), () -> assertThat(challengeSmsFor(h)).hasSize(1));

    // after the interval: a new code replaces the old one
    clock.advance(Duration.ofSeconds(61));
    resend(id, owner)
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.verificationId")
        .isEqualTo(id)
        .jsonPath("$.status")
        .isEqualTo("OPEN")
        .jsonPath("$.remainingAttempts")
        .isEqualTo(4)
        .jsonPath("$.expiresAt")
        .isEqualTo(
            clock.instant().truncatedTo(ChronoUnit.MICROS).plus(Duration.ofMinutes(5)).toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> challengeSmsFor(h).size() == 2);
    NotificationRequested resent = challengeSmsFor(h).get(1);
    assertThat(resent.dedupKey()).isEqualTo("verification-challenge:" + id + ":2");
    assertThat(resent.notificationId()).isNotEqualTo(challengeSmsFor(h).get(0).notificationId());
    String newCode = resent.parameters().get("code");
    assertThat(newCode).matches("[0-9]{6}");
    assertThat(challengeRow(h).get("code_hash")).isNotEqualTo(row.get("code_hash"));

    // and the resend itself starts a new interval
    resend(id, owner).expectStatus().isEqualTo(429);

    if (!newCode.equals(oldCode)) { // a one-in-a-million draw may repeat the code
      signedCallback(sid(), h.phone(), "YES " + oldCode).expectStatus().isOk();
      assertThat(challengeRow(h))
          .as("the old code no longer approves")
          .containsEntry("status", "OPEN")
          .containsEntry("failed_attempts", 2);
    }
    signedCallback(sid(), h.phone(), "YES " + newCode).expectStatus().isOk();
    assertThat(awaitResult(h).outcome()).isEqualTo(VerificationOutcome.APPROVED);

    resend(id, owner)
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/verification-closed");
    staysTrue(Duration.ofMillis(500), () -> assertThat(resultsFor(h)).hasSize(1));
    assertThat(challengeSmsFor(h)).hasSize(2);
  }

  @Test
  void aResendNeverKeepsTheChallengeOpenPastFdsHoldAndALateAnswerIsToldExpired() throws Exception {
    // given fds holds the payment for 7 minutes: answers are taken for 6 (1 minute margin)
    Cardholder h = newCardholder();
    Instant opened = clock.instant().truncatedTo(ChronoUnit.MICROS);
    requestVerification(h, UUID.randomUUID().toString(), opened.plus(Duration.ofMinutes(7)));
    awaitChallengeSms(h);
    String id = (String) challengeRow(h).get("id");
    String owner = token(h.customerId(), "payments:write");

    // when the cardholder gets a new code after 4 minutes
    clock.advance(Duration.ofMinutes(4));
    resend(id, owner)
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.expiresAt")
        .isEqualTo(opened.plus(Duration.ofMinutes(6)).toString());
    await().atMost(Duration.ofSeconds(30)).until(() -> challengeSmsFor(h).size() == 2);
    String newCode = challengeSmsFor(h).get(1).parameters().get("code");

    // and confirms with it 2 minutes later: within 5 minutes of the resend, past the deadline
    clock.advance(Duration.ofMinutes(2));
    EntityExchangeResult<String> answer =
        http()
            .post()
            .uri("/v1/verifications/{id}/confirm", id)
            .headers(hd -> hd.setBearerAuth(token(h.customerId())))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("decision", "YES", "code", newCode))
            .exchange()
            .expectBody(String.class)
            .returnResult();

    // then the cardholder is told EXPIRED (200 by this answer, or 409 when the expiry sweeper was
    // first), as fds settles the payment; never APPROVED
    assertThat(answer.getStatus().value()).isIn(200, 409);
    assertThat(answer.getResponseBody()).contains("EXPIRED").doesNotContain("APPROVED");
    assertThat(awaitResult(h).outcome()).isEqualTo(VerificationOutcome.EXPIRED);
  }

  @Test
  void withoutAHoldDeadlineAResendDoesNotOutliveTheFirstCode() throws Exception {
    // given a request from an fds-service that sent no hold deadline (it expires holds at 10 min)
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString(), null);
    awaitChallengeSms(h);
    String id = (String) challengeRow(h).get("id");
    String owner = token(h.customerId(), "payments:write");

    // when a new code is sent at 4 minutes and a second one asked for at 8
    clock.advance(Duration.ofMinutes(4));
    resend(id, owner).expectStatus().isAccepted();
    await().atMost(Duration.ofSeconds(30)).until(() -> challengeSmsFor(h).size() == 2);
    String newCode = challengeSmsFor(h).get(1).parameters().get("code");
    clock.advance(Duration.ofMinutes(4));
    resend(id, owner).expectStatus().isEqualTo(409);

    // then an answer at 11 minutes (after fds expired the payment) is not APPROVED
    clock.advance(Duration.ofMinutes(3));
    signedCallback(sid(), h.phone(), "YES " + newCode).expectStatus().isOk();
    assertThat(awaitResult(h).outcome()).isEqualTo(VerificationOutcome.EXPIRED);
  }

  @Test
  void aResendOverThePhonesDailyCapIsRefusedUntilTheNextUtcDay() throws Exception {
    Cardholder h = newCardholder();
    requestVerification(h, UUID.randomUUID().toString());
    awaitChallengeSms(h);
    Map<String, Object> row = challengeRow(h);
    String id = (String) row.get("id");
    // the clock stands still: nine more SMS to this phone at this instant make ten today
    Instant now = clock.instant();
    try (Connection c = infra.openJdbc();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO verification.sms_send (phone_e164, challenge_id, kind, sent_at)"
                    + " VALUES (?, ?, 'verification-challenge', ?)")) {
      for (int i = 0; i < 9; i++) {
        ps.setString(1, h.phone());
        ps.setObject(2, UUID.randomUUID());
        ps.setTimestamp(3, Timestamp.from(now));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    Duration untilMidnight =
        Duration.between(now, now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
    long retryAfter = untilMidnight.getSeconds() + (untilMidnight.getNano() > 0 ? 1 : 0);

    resend(id, token(h.customerId(), "payments:write"))
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .valueEquals("Retry-After", Long.toString(retryAfter))
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/rate-limited")
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("daily limit"));
    assertThat(challengeRow(h).get("code_hash")).isEqualTo(row.get("code_hash"));
    staysTrue(Duration.ofMillis(500), () -> assertThat(challengeSmsFor(h)).hasSize(1));
  }

  @Test
  void severalSweepersExpireEachChallengeOnceAndEmitOneResult() throws Exception {
    // 40 open challenges past their validity, no phone (no SMS involved)
    Instant now = clock.instant();
    List<Cardholder> holders = new ArrayList<>();
    try (Connection c = infra.openJdbc();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO verification.challenge (id, payment_id, card_token, customer_id,"
                    + " code_hash, status, failed_attempts, amount_minor, currency,"
                    + " source_event_id, created_at, issued_at, expires_at, answer_deadline)"
                    + " VALUES (?, ?, ?, ?, ?, 'OPEN', 0, 100, 'USD', ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < 40; i++) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Cardholder h =
            new Cardholder("cus_" + run, null, UUID.randomUUID().toString(), "k1_card_" + run);
        holders.add(h);
        ps.setObject(1, UUID.randomUUID());
        ps.setString(2, h.paymentId());
        ps.setString(3, h.cardToken());
        ps.setString(4, h.customerId());
        ps.setBytes(5, new byte[32]);
        ps.setString(6, "evt-" + run);
        ps.setTimestamp(7, Timestamp.from(now.minus(Duration.ofMinutes(6))));
        ps.setTimestamp(8, Timestamp.from(now.minus(Duration.ofMinutes(6))));
        ps.setTimestamp(9, Timestamp.from(now.minus(Duration.ofMinutes(1))));
        ps.setTimestamp(10, Timestamp.from(now.minus(Duration.ofMinutes(1))));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    double expiredBefore = outcomes("EXPIRED");
    int expiredRowsBefore = challengesWithStatus("EXPIRED");

    // eight "replicas" sweeping small batches at once, racing the application's own sweeper
    List<Integer> swept =
        Flux.range(0, 8)
            .flatMap(
                i ->
                    service
                        .expireDue(3)
                        .repeat(20)
                        .subscribeOn(reactor.core.scheduler.Schedulers.parallel()),
                8)
            .collectList()
            .block(Duration.ofSeconds(60));
    assertThat(swept).isNotEmpty();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> holders.stream().allMatch(h -> !resultsFor(h).isEmpty()));
    // a duplicate result would show within a second
    staysTrue(
        Duration.ofSeconds(1), () -> holders.forEach(h -> assertThat(resultsFor(h)).hasSize(1)));
    for (Cardholder h : holders) {
      assertThat(resultsFor(h)).as("results of %s", h.paymentId()).hasSize(1);
      assertThat(resultsFor(h).getFirst().value().dataAs(VerificationCompleted.class).outcome())
          .isEqualTo(VerificationOutcome.EXPIRED);
      assertThat(challengeRow(h))
          .containsEntry("status", "EXPIRED")
          .containsEntry("code_hash", null);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(outcomes("EXPIRED") - expiredBefore)
                    .isEqualTo(challengesWithStatus("EXPIRED") - expiredRowsBefore)
                    .isGreaterThanOrEqualTo(40.0));
  }

  String token(String customerId) {
    try {
      return signedToken(customerId);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String token(String customerId, String scope) {
    try {
      return signedToken(customerId, scope);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String signedToken(String customerId) throws Exception {
    return signedToken(customerId, null);
  }

  String signedToken(String customerId, String scope) throws Exception {
    return signedToken(customerId, scope, "paystream");
  }

  /** A token for {@code audience} (auth-server's tokens carry {@code paystream}). */
  String signedToken(String customerId, String scope, String audience) throws Exception {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(audience)
            .subject("app-" + customerId)
            .claim("customer_id", customerId)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    if (scope != null) {
      builder.claim("scope", scope);
    }
    JWTClaimsSet claims = builder.build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("it").build(), claims);
    jwt.sign(new RSASSASigner(SIGNING_KEY));
    return jwt.serialize();
  }

  /**
   * Asserts that {@code assertion} holds and keeps holding for {@code quiet} (Awaitility {@code
   * during}): the way to check that nothing more happens.
   */
  private static void staysTrue(Duration quiet, ThrowingRunnable assertion) {
    await().during(quiet).atMost(quiet.plusSeconds(15)).untilAsserted(assertion);
  }
}
