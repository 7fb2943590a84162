package io.paystream.notification.contact;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.paystream.notification.NotificationTestSupport.delivery;
import static io.paystream.notification.NotificationTestSupport.putCustomer;
import static io.paystream.notification.NotificationTestSupport.request;
import static io.paystream.notification.NotificationTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.OwnRedisServer;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.notification.NotificationTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Contacts go through Redis cache-aside: a second notification for a customer is addressed from
 * Redis, not from the registry; an unknown customer is remembered as such; and with Redis dead the
 * registry answers and the message still goes out. Runs its OWN redis-server (killed in the last
 * test; the shared Redis is never touched).
 */
@PaystreamIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(
    properties = {
      "paystream.notification.sms.auth-token=test-sms-token",
      "paystream.cache.command-timeout=1s",
      "paystream.cache.circuit-breaker.open-duration=1s"
    })
class ContactCacheIT {

  static final String SMS_PATH =
      "/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json";
  static final WireMockServer wireMock = new WireMockServer(options().dynamicPort());
  static OwnRedisServer redis;

  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    if (redis == null) {
      redis = new OwnRedisServer().start();
    }
    registry.add("spring.data.redis.url", redis::uri);
    registry.add("paystream.notification.sms.base-url", wireMock::baseUrl);
  }

  @BeforeAll
  static void start(Infra infra) throws Exception {
    wireMock.start();
    wireMock.stubFor(
        post(urlPathEqualTo(SMS_PATH))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\"}")
                    .withTransformers("response-template")));
    NotificationTestSupport.createContactView(infra);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    wireMock.stop();
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  @Order(1)
  void secondLookupOfACustomerIsServedFromRedis(Infra infra) throws Exception {
    // given a customer whose first notification was sent (contacts loaded and cached)
    putCustomer(infra, "c-cache", "+14155550201", null, null, "en");
    double hitsBefore = gets("hit");
    send(infra, List.of(approved("c-cache", "pa:cache-1")));
    awaitSent(infra, "pa:cache-1");
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      String cached = c.sync().get("notification-service:contacts:c-cache");
      assertThat(cached).contains("+14155550201");
      assertThat(c.sync().ttl("notification-service:contacts:c-cache"))
          .as("TTL 10 min ± 10 %")
          .isBetween(500L, 660L);
    }

    // when the registry row changes behind the cache and a second notification comes
    putCustomer(infra, "c-cache", "+14155550299", null, null, "en");
    send(infra, List.of(approved("c-cache", "pa:cache-2")));
    awaitSent(infra, "pa:cache-2");

    // then it was addressed from Redis (the cached number), counted as a hit
    wireMock.verify(
        2, postRequestedFor(urlPathEqualTo(SMS_PATH)).withFormParam("To", equalTo("+14155550201")));
    wireMock.verify(
        0, postRequestedFor(urlPathEqualTo(SMS_PATH)).withFormParam("To", equalTo("+14155550299")));
    assertThat(gets("hit") - hitsBefore).isGreaterThanOrEqualTo(1);
  }

  @Test
  @Order(2)
  void unknownCustomerIsCachedAsNotFound(Infra infra) throws Exception {
    send(infra, List.of(approved("c-nobody", "pa:nobody-1")));
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(delivery(infra, "pa:nobody-1").status()).isEqualTo("FAILED"));
    try (RedisClient client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      assertThat(c.sync().get("notification-service:contacts:c-nobody")).isEqualTo("!not-found");
      assertThat(c.sync().ttl("notification-service:contacts:c-nobody")).isBetween(20L, 33L);
    }
  }

  @Test
  @Order(3)
  void redisDownStillDeliversFromTheRegistry(Infra infra) throws Exception {
    // given Redis is dead
    putCustomer(infra, "c-noredis", "+14155550202", null, null, "en");
    redis.kill();
    double bypassesBefore = gets("bypass");

    // when a notification comes
    send(infra, List.of(approved("c-noredis", "pa:noredis-1")));

    // then it is sent to the registry's number, the cache having been bypassed
    awaitSent(infra, "pa:noredis-1");
    wireMock.verify(
        1, postRequestedFor(urlPathEqualTo(SMS_PATH)).withFormParam("To", equalTo("+14155550202")));
    assertThat(gets("bypass") - bypassesBefore).isGreaterThanOrEqualTo(1);
  }

  private double gets(String result) {
    return meters.counter("paystream.cache.gets", "cache", "contacts", "result", result).count();
  }

  private static void awaitSent(Infra infra, String dedupKey) {
    await()
        .ignoreExceptions()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(delivery(infra, dedupKey).status()).isEqualTo("SENT"));
  }

  private static Event<NotificationRequested> approved(String customer, String dedupKey) {
    return request(
        customer,
        dedupKey,
        NotificationChannel.SMS,
        "payment-approved",
        "en",
        Map.of("merchant", "Cafe", "amount", "5.00 USD"),
        true);
  }
}
