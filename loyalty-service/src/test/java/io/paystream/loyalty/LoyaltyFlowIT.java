package io.paystream.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.paystream.contracts.Event;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.devstack.test.Infra;
import io.paystream.loyalty.support.LoyaltyIntegrationSupport;
import io.paystream.loyalty.support.Payments;
import io.paystream.loyalty.visit.VisitCountService;
import io.paystream.loyalty.visit.VisitPair;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class LoyaltyFlowIT extends LoyaltyIntegrationSupport {

  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 11, 1, 9, 0, 0, 0, ZoneOffset.UTC);
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Autowired VisitCountService counts;

  @Test
  void tenthVisitGrantsVipExactlyOnceWithOneNotificationEvenWhenDeliveredThreeTimes(Infra infra)
      throws Exception {
    // given a registered customer with nine visits at a merchant
    registerCustomer(infra, "cus_vip", "Grace Hopper");
    List<Event<PaymentRequested>> visits = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      visits.add(Payments.visit("pay_vip_" + i, "cus_vip", "m_vip", T0.plusDays(i)));
    }
    sendPayments(visits.subList(0, 9));
    await().atMost(WAIT).until(() -> count(infra, "cus_vip", "m_vip") == 9);
    assertThat(
            queryLong(
                infra, "SELECT count(*) FROM loyalty.memberships WHERE customer_id = 'cus_vip'"))
        .isZero();

    // when the tenth arrives three times
    Event<PaymentRequested> tenth = visits.get(9);
    sendPayments(List.of(tenth, tenth, tenth));

    // then one membership, crossed by the tenth payment, and one vip-granted notification
    await().atMost(WAIT).until(() -> notificationsFor("cus_vip").size() >= 1);
    // the duplicates change nothing for 2 s
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(22))
        .until(
            () ->
                count(infra, "cus_vip", "m_vip") == 10 && notificationsFor("cus_vip").size() == 1);
    assertThat(count(infra, "cus_vip", "m_vip")).isEqualTo(10);
    assertThat(
            queryLong(
                infra,
                "SELECT count(*) FROM loyalty.memberships WHERE customer_id = 'cus_vip'"
                    + " AND merchant_id = 'm_vip' AND crossing_payment_id = 'pay_vip_10'"))
        .isEqualTo(1);
    assertThat(
            queryLong(
                infra, "SELECT count(*) FROM loyalty.memberships WHERE customer_id = 'cus_vip'"))
        .isEqualTo(1);
    List<Event<?>> sent = notificationsFor("cus_vip");
    assertThat(sent).hasSize(1);
    NotificationRequested n = (NotificationRequested) sent.get(0).data();
    assertThat(n.templateId()).isEqualTo("vip-granted");
    assertThat(n.urgent()).isFalse();
    assertThat(n.dedupKey()).startsWith("vip-granted:");
    assertThat(n.correlationId()).isEqualTo("pay_vip_10");

    // and an eleventh visit grants nothing more
    sendPayments(List.of(Payments.visit("pay_vip_11", "cus_vip", "m_vip", T0.plusDays(11))));
    await().atMost(WAIT).until(() -> count(infra, "cus_vip", "m_vip") == 11);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(21))
        .until(() -> notificationsFor("cus_vip").size() == 1);
    assertThat(notificationsFor("cus_vip")).hasSize(1);

    // and the merchant sees the VIP among its regulars, masked, without contact details
    JsonNode regulars =
        web.get()
            .uri("/v1/merchants/m_vip/regulars?limit=5")
            .headers(h -> h.setBearerAuth(TOKENS.merchant("m_vip", "loyalty:read")))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    assertThat(regulars).hasSize(1);
    JsonNode top = regulars.get(0);
    assertThat(top.get("customerId").asString()).isEqualTo("cus_vip");
    assertThat(top.get("maskedName").asString()).isEqualTo("G**** H*****");
    assertThat(top.get("visits").asInt()).isEqualTo(11);
    assertThat(top.get("vip").asBoolean()).isTrue();
    assertThat(top.get("firstVisitAt").asString()).startsWith("2026-11-02T09:00");
    assertThat(top.get("lastVisitAt").asString()).startsWith("2026-11-12T09:00");
    assertThat(regulars.toString()).doesNotContain("+1415", "example.com", "push-token", "Grace");

    // and the membership is listed for the customer
    web.get()
        .uri("/v1/customers/cus_vip/memberships")
        .headers(h -> h.setBearerAuth(TOKENS.merchant("m_vip", "loyalty:read")))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].merchantId")
        .isEqualTo("m_vip")
        .jsonPath("$[0].crossingPaymentId")
        .isEqualTo("pay_vip_10");
  }

  @Test
  void declinedPaymentIsTakenBackOnceEvenWhenDeliveredTwiceOrBeforeItsRequest(Infra infra)
      throws Exception {
    // given three counted visits
    sendPayments(
        List.of(
            Payments.visit("pay_dn_1", "cus_dn", "m_dn", T0),
            Payments.visit("pay_dn_2", "cus_dn", "m_dn", T0.plusHours(1)),
            Payments.visit("pay_dn_3", "cus_dn", "m_dn", T0.plusHours(2))));
    await().atMost(WAIT).until(() -> count(infra, "cus_dn", "m_dn") == 3);

    // when the second is DENIED, delivered twice
    var denied = Payments.decided("pay_dn_2", "cus_dn", "m_dn", PaymentStatus.DENIED, 1);
    sendDecisions(List.of(denied, denied));

    // then the count drops by one only
    await().atMost(WAIT).until(() -> count(infra, "cus_dn", "m_dn") == 2);
    // a non-decline decision for another payment changes nothing
    sendDecisions(
        List.of(Payments.decided("pay_dn_1", "cus_dn", "m_dn", PaymentStatus.APPROVED, 1)));

    // when a fourth payment's EXPIRED decision arrives before its request (twice), then the request
    sendDecisions(
        List.of(
            Payments.decided("pay_dn_4", "cus_dn", "m_dn", PaymentStatus.EXPIRED, 2),
            Payments.decided("pay_dn_4", "cus_dn", "m_dn", PaymentStatus.EXPIRED, 2)));
    await()
        .atMost(WAIT)
        .until(
            () ->
                queryLong(
                        infra,
                        "SELECT count(*) FROM loyalty.compensations WHERE payment_id = 'pay_dn_4'")
                    == 1);
    sendPayments(List.of(Payments.visit("pay_dn_4", "cus_dn", "m_dn", T0.plusHours(3))));
    await()
        .atMost(WAIT)
        .until(
            () ->
                queryLong(
                        infra, "SELECT count(*) FROM loyalty.visits WHERE payment_id = 'pay_dn_4'")
                    == 1);

    // then it never counted; a marker payment after it proves the stream moved past it
    sendPayments(List.of(Payments.visit("pay_dn_5", "cus_dn", "m_dn", T0.plusHours(4))));
    await().atMost(WAIT).until(() -> count(infra, "cus_dn", "m_dn") == 3);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(21))
        .until(() -> count(infra, "cus_dn", "m_dn") == 3);
    assertThat(count(infra, "cus_dn", "m_dn")).isEqualTo(3);
    assertThat(
            queryLong(
                infra,
                "SELECT count(*) FROM loyalty.visits WHERE customer_id = 'cus_dn'"
                    + " AND state = 'COUNTED'"))
        .isEqualTo(3);
    assertThat(counts.count(new VisitPair("cus_dn", "m_dn")).block().visits()).isEqualTo(3);
  }

  @Test
  void countsStayExactWhenRedisIsFlushedMidStream(Infra infra) throws Exception {
    // given a stream of 300 visits over 3 customers x 4 merchants, cached counts read halfway
    List<Event<PaymentRequested>> events = new ArrayList<>();
    Map<String, Integer> expected = new java.util.HashMap<>();
    for (int i = 0; i < 300; i++) {
      String customer = "cus_fl_" + (i % 3);
      String merchant = "m_fl_" + (i % 4);
      events.add(Payments.visit("pay_fl_" + i, customer, merchant, T0.plusMinutes(i)));
      expected.merge(merchant + ":" + customer, 1, Integer::sum);
    }
    sendPayments(events.subList(0, 150));
    await()
        .atMost(WAIT)
        .until(
            () ->
                queryLong(
                        infra,
                        "SELECT count(*) FROM loyalty.visits WHERE payment_id LIKE 'pay_fl_%'")
                    == 150);
    for (int c = 0; c < 3; c++) {
      for (int m = 0; m < 4; m++) {
        assertThat(counts.count(new VisitPair("cus_fl_" + c, "m_fl_" + m)).block()).isNotNull();
      }
    }
    String someKey = counts.redisKey(new VisitPair("cus_fl_0", "m_fl_0"));

    // when the test's own Redis database is flushed while the rest streams in (and redelivered)
    sendPayments(events.subList(150, 225));
    try (RedisClient client =
            RedisClient.create(
                RedisURI.builder()
                    .withHost(infra.redisHost())
                    .withPort(infra.redisPort())
                    .withDatabase(infra.redisDatabase())
                    .build());
        StatefulRedisConnection<String, String> redis = client.connect()) {
      assertThat(infra.redisDatabase()).isNotZero();
      redis.sync().flushdb();
      assertThat(redis.sync().exists(someKey)).isZero();
    }
    sendPayments(events.subList(150, 300));

    // then every count is exact, from Redis (rebuilt) and from PostgreSQL
    await()
        .atMost(WAIT)
        .until(
            () ->
                queryLong(
                        infra,
                        "SELECT count(*) FROM loyalty.visits WHERE payment_id LIKE 'pay_fl_%'")
                    == 300);
    for (var e : expected.entrySet()) {
      String[] mc = e.getKey().split(":");
      VisitPair pair = new VisitPair(mc[1], mc[0]);
      assertThat(counts.count(pair).block().visits()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(count(infra, mc[1], mc[0])).as(e.getKey()).isEqualTo(e.getValue().longValue());
    }
    web.get()
        .uri("/v1/merchants/m_fl_0/customers/cus_fl_0")
        .headers(h -> h.setBearerAuth(TOKENS.merchant("m_fl_0", "loyalty:read")))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.visits")
        .isEqualTo(expected.get("m_fl_0:cus_fl_0"));
  }

  @Test
  void merchantDashboardIsOnlyForTheMerchantsOwnTokenAndAnswersProblems() {
    web.get()
        .uri("/v1/merchants/m_a/regulars")
        .headers(h -> h.setBearerAuth(TOKENS.merchant("m_b", "loyalty:read")))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/not-found");
    web.get()
        .uri("/v1/merchants/m_a/regulars")
        .headers(h -> h.setBearerAuth(TOKENS.merchant("m_a", "payments:read")))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    web.get()
        .uri("/v1/merchants/m_a/regulars")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    web.get()
        .uri("/v1/merchants/m_a/regulars?limit=0")
        .headers(h -> h.setBearerAuth(TOKENS.merchant("m_a", "loyalty:read")))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("limit");
  }

  @Test
  void adminPolicyWithLowerThresholdAndWindowAppliesToLaterVisits(Infra infra) throws Exception {
    // given merchant m_pol with threshold 3 within 30 days, set by an admin
    web.put()
        .uri("/v1/merchants/m_pol/loyalty-policy")
        .headers(h -> h.setBearerAuth(TOKENS.admin()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("threshold", 3, "windowDays", 30, "benefit", "10% off"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.threshold")
        .isEqualTo(3);
    web.put()
        .uri("/v1/merchants/m_pol/loyalty-policy")
        .headers(h -> h.setBearerAuth(TOKENS.merchant("m_pol", "loyalty:read")))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("threshold", 1))
        .exchange()
        .expectStatus()
        .isForbidden();
    web.put()
        .uri("/v1/merchants/m_pol/loyalty-policy")
        .headers(h -> h.setBearerAuth(TOKENS.admin()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("threshold", 0))
        .exchange()
        .expectStatus()
        .isBadRequest();

    // when three visits fall 40 days apart, then two more within a week
    sendPayments(
        List.of(
            Payments.visit("pay_pol_1", "cus_pol", "m_pol", T0),
            Payments.visit("pay_pol_2", "cus_pol", "m_pol", T0.plusDays(40)),
            Payments.visit("pay_pol_3", "cus_pol", "m_pol", T0.plusDays(80))));
    await().atMost(WAIT).until(() -> count(infra, "cus_pol", "m_pol") == 3);
    assertThat(
            queryLong(
                infra, "SELECT count(*) FROM loyalty.memberships WHERE merchant_id = 'm_pol'"))
        .isZero();
    sendPayments(
        List.of(
            Payments.visit("pay_pol_4", "cus_pol", "m_pol", T0.plusDays(82)),
            Payments.visit("pay_pol_5", "cus_pol", "m_pol", T0.plusDays(84))));

    // then VIP comes with the fifth (third inside 30 days), carrying the benefit
    await()
        .atMost(WAIT)
        .until(
            () ->
                queryLong(
                        infra,
                        "SELECT count(*) FROM loyalty.memberships WHERE merchant_id = 'm_pol'"
                            + " AND crossing_payment_id = 'pay_pol_5' AND benefit = '10% off'")
                    == 1);
  }

  private static long count(Infra infra, String customer, String merchant) throws Exception {
    return queryLong(
        infra,
        "SELECT COALESCE((SELECT visits FROM loyalty.visit_counters WHERE customer_id = ?"
            + " AND merchant_id = ?), 0)",
        customer,
        merchant);
  }

  @Test
  void refusesATokenForAnotherAudienceAndGuardsTheActuator() {
    // a token our issuer signed for another resource server
    web.get()
        .uri("/v1/merchants/m_aud/regulars")
        .header("Authorization", "Bearer " + TOKENS.mint("admin-client", "admin", null, "other"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    // actuator endpoints beyond health, info and prometheus need scope admin
    web.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
    web.get().uri("/actuator/beans").exchange().expectStatus().isUnauthorized();
    web.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components")
        .doesNotExist();
  }
}
