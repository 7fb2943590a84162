package io.paystream.simulator.cardholder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.paystream.contracts.event.Channel;
import io.paystream.simulator.model.Money;
import io.paystream.simulator.model.Transaction;
import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.replay.ReplayStats;
import io.paystream.simulator.replay.StatusTracker;
import io.paystream.simulator.replay.Terminals;
import io.paystream.simulator.replay.TokenClient;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CardholderTest {

  private static final String TOKEN = "dev-sms-auth-token";
  private WireMockServer wm;

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    wm.stubFor(post("/v1/verifications/sms-callback").willReturn(aResponse().withStatus(200)));
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  private Map<String, String> answerTo(boolean fraud) {
    wm.stubFor(
        get(urlPathEqualTo("/sandbox/messages"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"sid\":\"SM1\",\"to\":\"+15551000000\",\"from\":\"+15005550006\","
                            + "\"body\":\"paystream: USD 23.50 at m-1. Reply YES 482913 if it was"
                            + " you, NO if not.\",\"receivedAt\":\"2030-01-01T00:00:00Z\"}]")));
    URI base = URI.create(wm.baseUrl());
    Endpoints endpoints =
        new Endpoints(
            base, base, base, URI.create(wm.baseUrl() + "/v1/verifications/sms-callback"));
    HttpJson http = new HttpJson(Duration.ofSeconds(5));
    Terminals terminals =
        new Terminals(
            http,
            endpoints,
            new TokenClient(http, endpoints),
            new Terminals.AdminCredentials("a", "b"),
            "seed",
            "standard");
    StatusTracker tracker =
        new StatusTracker(http, endpoints, terminals, new ReplayStats(), Duration.ofSeconds(1), 2);
    Transaction t =
        new Transaction(
            "tx-1",
            "c-1",
            "m-1",
            Money.of("23.50", "USD"),
            Channel.POS,
            OffsetDateTime.parse("2030-01-01T00:00:00Z"),
            null,
            fraud,
            null);
    PaymentOutcome outcome =
        new PaymentOutcome(
            t, "k", "pos-m-1", "p-1", "RECEIVED", 202, null, 1, Instant.now(), false);
    tracker.track(outcome);
    Cardholder cardholder =
        new Cardholder(
            http,
            endpoints,
            new Cardholder.Settings(
                TOKEN, "AC0", "+15005550006", Duration.ZERO, 0, Duration.ofMillis(100)),
            Map.of("+15551000000", "u-1"),
            customer -> List.of(outcome),
            tracker);

    cardholder.poll().join();

    List<LoggedRequest> callbacks =
        wm.findAll(postRequestedFor(urlEqualTo("/v1/verifications/sms-callback")));
    assertThat(callbacks).hasSize(1);
    LoggedRequest request = callbacks.getFirst();
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(request.getHeader("X-Twilio-Signature"))
        .isEqualTo(
            TwilioSignature.sign(TOKEN, wm.baseUrl() + "/v1/verifications/sms-callback", form));
    assertThat(form).containsEntry("From", "+15551000000").containsEntry("To", "+15005550006");
    assertThat(tracker.get("p-1").held()).isTrue();
    return form;
  }

  @Test
  void answersYesWithTheCodeForAGenuinePayment() {
    assertThat(answerTo(false)).containsEntry("Body", "YES 482913");
  }

  @Test
  void answersNoWithTheCodeForAPaymentLabelledFraud() {
    assertThat(answerTo(true)).containsEntry("Body", "NO 482913");
  }

  private void sandboxHolds(String messagesJson) {
    wm.stubFor(
        get(urlPathEqualTo("/sandbox/messages"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(messagesJson)));
  }

  private static String sms(String sid, String amount, String merchant, String code) {
    // verification-api's challenge template (notification-service, en)
    return "{\"sid\":\""
        + sid
        + "\",\"to\":\"+15551000000\",\"from\":\"+15005550006\",\"body\":\"paystream: "
        + amount
        + " USD at "
        + merchant
        + " (US) needs your OK. Reply YES "
        + code
        + " to approve or NO "
        + code
        + " to decline.\",\"receivedAt\":\"2030-01-01T00:00:00Z\"}";
  }

  private record Setup(Cardholder cardholder, StatusTracker tracker) {}

  private Setup cardholder(
      java.util.function.Supplier<List<PaymentOutcome>> accepted, Duration matchWindow) {
    URI base = URI.create(wm.baseUrl());
    Endpoints endpoints =
        new Endpoints(
            base, base, base, URI.create(wm.baseUrl() + "/v1/verifications/sms-callback"));
    HttpJson http = new HttpJson(Duration.ofSeconds(5));
    Terminals terminals =
        new Terminals(
            http,
            endpoints,
            new TokenClient(http, endpoints),
            new Terminals.AdminCredentials("a", "b"),
            "seed",
            "standard");
    StatusTracker tracker =
        new StatusTracker(http, endpoints, terminals, new ReplayStats(), Duration.ofSeconds(1), 2);
    Map<String, String> names = Map.of("m-1", "Deli One", "m-2", "Shop Two");
    Cardholder cardholder =
        new Cardholder(
            http,
            endpoints,
            new Cardholder.Settings(
                TOKEN, "AC0", "+15005550006", Duration.ZERO, 0, Duration.ofMillis(100)),
            Map.of("+15551000000", "u-1"),
            customer -> accepted.get(),
            tracker,
            names::get,
            matchWindow);
    return new Setup(cardholder, tracker);
  }

  private static PaymentOutcome accepted(String paymentId, String merchantId, boolean fraud) {
    Transaction t =
        new Transaction(
            "tx-" + paymentId,
            "c-1",
            merchantId,
            Money.of("23.50", "USD"),
            Channel.POS,
            OffsetDateTime.parse("2030-01-01T00:00:00Z"),
            null,
            fraud,
            null);
    return new PaymentOutcome(
        t,
        "k-" + paymentId,
        "pos-" + merchantId,
        paymentId,
        "RECEIVED",
        202,
        null,
        1,
        Instant.now(),
        false);
  }

  private List<String> callbackBodies() {
    return wm.findAll(postRequestedFor(urlEqualTo("/v1/verifications/sms-callback"))).stream()
        .map(r -> URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8))
        .map(b -> b.replaceAll(".*Body=([^&]*).*", "$1"))
        .toList();
  }

  @Test
  void bindsEachSmsToThePaymentWhoseAmountAndMerchantItCarries() {
    // given one cardholder with two open payments of the same amount at two merchants
    PaymentOutcome deli = accepted("p-1", "m-1", false);
    PaymentOutcome shop = accepted("p-2", "m-2", true);
    sandboxHolds(
        "["
            + sms("SM1", "23.50", "Shop Two", "111111")
            + ","
            + sms("SM2", "23.50", "Deli One", "222222")
            + "]");
    Setup s = cardholder(() -> List.of(deli, shop), Cardholder.MATCH_WINDOW);
    s.tracker().track(deli);
    s.tracker().track(shop);

    // when
    s.cardholder().poll().join();

    // then each SMS is answered for its own payment: the fraud one declined, the genuine approved
    assertThat(callbackBodies()).containsExactlyInAnyOrder("NO 111111", "YES 222222");
    assertThat(s.cardholder().loops())
        .extracting(Cardholder.Loop::sid, Cardholder.Loop::paymentId)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("SM1", "p-2"),
            org.assertj.core.groups.Tuple.tuple("SM2", "p-1"));
    assertThat(s.cardholder().counters()).doesNotContainKey("sms-unmatched");
  }

  @Test
  void keepsAnSmsThatArrivesBeforeItsPaymentAndAnswersItOnceThePaymentIsKnown() {
    // given an SMS whose payment's 202 the simulator has not seen yet
    List<PaymentOutcome> known = new java.util.concurrent.CopyOnWriteArrayList<>();
    sandboxHolds("[" + sms("SM1", "23.50", "Deli One", "482913") + "]");
    Setup s = cardholder(() -> List.copyOf(known), Cardholder.MATCH_WINDOW);

    // when it is polled before the payment is known
    s.cardholder().poll().join();

    // then it waits, unanswered and not unmatched
    assertThat(callbackBodies()).isEmpty();
    assertThat(s.cardholder().waitingForPayment()).isEqualTo(1);
    assertThat(s.cardholder().counters()).doesNotContainKey("sms-unmatched");

    // and once the payment is accepted, the next poll answers it
    PaymentOutcome deli = accepted("p-1", "m-1", false);
    known.add(deli);
    s.tracker().track(deli);
    s.cardholder().poll().join();
    assertThat(callbackBodies()).containsExactly("YES 482913");
    assertThat(s.cardholder().waitingForPayment()).isZero();
    assertThat(s.tracker().get("p-1").held()).isTrue();
  }

  @Test
  void countsAnSmsUnmatchedOnlyWhenNoPaymentCarriesItsContentWithinTheWindow() {
    // given an open payment at another merchant than the one the SMS names
    PaymentOutcome shop = accepted("p-2", "m-2", false);
    sandboxHolds("[" + sms("SM1", "23.50", "Deli One", "482913") + "]");
    Setup s = cardholder(() -> List.of(shop), Duration.ZERO);
    s.tracker().track(shop);

    // when
    s.cardholder().poll().join();

    // then it is not bound to the wrong payment: unmatched, never answered
    assertThat(callbackBodies()).isEmpty();
    assertThat(s.cardholder().counters()).containsEntry("sms-unmatched", 1L);
    assertThat(s.tracker().get("p-2").held()).isFalse();
  }

  @Test
  void findsTheCodeAfterYesOrAsALoneDigitGroup() {
    assertThat(Cardholder.code("Reply YES 123456 or NO")).isEqualTo("123456");
    assertThat(Cardholder.code("KRW 135000.00 at X: code 987654")).isEqualTo("987654");
    assertThat(Cardholder.code("no code here 12.50")).isNull();
  }
}
