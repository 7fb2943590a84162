package io.paystream.notification.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.paystream.notification.NotificationTestSupport.request;
import static io.paystream.notification.NotificationTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.OwnRedisServer;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.notification.NotificationTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * notification-service while its own PostgreSQL and Redis fail (the SMS provider, a WireMock stub,
 * stays healthy), without touching the shared servers: another session holds an {@code ACCESS
 * EXCLUSIVE} lock on a table the delivery writes (every statement on it waits until the 2 s
 * statement timeout cancels it, as on a hung database) while the service's own Redis (the contact
 * cache) is killed. Such a failure is the service's own, not the provider's: the record is retried
 * in place until the database answers, never moved along the retry topics or to {@code
 * notifications-notification-dlt}, and every message reaches the provider exactly once.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    properties = {
      "spring.r2dbc.properties.statementTimeout=2s",
      "paystream.kafka.transient-retry.max-interval=1s",
      "paystream.notification.sms.resilience.rate-per-second=5000",
      "paystream.notification.sms.auth-token=test-sms-token"
    })
class NotificationDatabaseFaultIT {

  static final String SMS_PATH =
      "/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json";
  static final WireMockServer wireMock = new WireMockServer(options().dynamicPort());
  static final Pattern TO = Pattern.compile("To=%2B(\\d+)");
  static final String DLT = Topics.NOTIFICATIONS.deadLetter("notification");
  static final int MESSAGES = 30;

  private static OwnRedisServer redis;

  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void stubs(DynamicPropertyRegistry registry) throws Exception {
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
  static void stop() throws Exception {
    wireMock.stop();
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void messagesHeldUpByALockedDeliveryTableAndADeadRedisAreSentOnceAfterwards(Infra infra)
      throws Exception {
    // given
    String run = "dl" + UUID.randomUUID().toString().substring(0, 6);
    List<Event<NotificationRequested>> events = customers(infra, run, 0);
    warmUp(infra, run);
    long deadBefore = infra.endOffsets(DLT);
    long retryTopicBefore = retryTopicRecords(infra);
    double retriesBefore = transientRetries();

    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      // when: Redis dies, another session locks notification.deliveries, 30 SMS are requested
      redis.kill();
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE notification.deliveries IN ACCESS EXCLUSIVE MODE");
      send(infra, events);

      // then: the records fail and are retried in place at least 6 times, and for 10 s and until
      // then nothing is sent, nothing moves to a retry topic or the DLT
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> transientRetries() >= retriesBefore + 6);
      await()
          .during(Duration.ofSeconds(10))
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  sentTo(run).isEmpty()
                      && infra.endOffsets(DLT) == deadBefore
                      && retryTopicRecords(infra) == retryTopicBefore);
      locker.rollback();
    }
    redis.start();

    // and afterwards: each message sent exactly once, none dead-lettered
    assertEachSentOnce(infra, run, deadBefore, retryTopicBefore);
  }

  @Test
  void messagesWhoseAttemptLogIsLockedAreSentOnceNotOncePerRetry(Infra infra) throws Exception {
    // given
    String run = "at" + UUID.randomUUID().toString().substring(0, 6);
    List<Event<NotificationRequested>> events = customers(infra, run, 1);
    warmUp(infra, run);
    long deadBefore = infra.endOffsets(DLT);
    long retryTopicBefore = retryTopicRecords(infra);
    double retriesBefore = transientRetries();

    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      // when: the attempt log, written after the provider accepted a message, is locked
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE notification.delivery_attempts IN ACCESS EXCLUSIVE MODE");
      send(infra, events);

      // then: the records are retried in place at least 6 times, and no message reaches the
      // provider twice (a send whose bookkeeping then failed would be repeated on every retry)
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> transientRetries() >= retriesBefore + 6);
      await()
          .during(Duration.ofSeconds(10))
          .atMost(Duration.ofSeconds(40))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  sentTo(run).values().stream().allMatch(n -> n == 1)
                      && infra.endOffsets(DLT) == deadBefore
                      && retryTopicRecords(infra) == retryTopicBefore);
      locker.rollback();
    }

    // and afterwards: each message sent exactly once and recorded SENT
    assertEachSentOnce(infra, run, deadBefore, retryTopicBefore);
  }

  // --- helpers

  private void assertEachSentOnce(Infra infra, String run, long deadBefore, long retryBefore)
      throws Exception {
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> sent(infra, run) == MESSAGES);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                sentTo(run).size() == MESSAGES
                    && sentTo(run).values().stream().allMatch(n -> n == 1)
                    && infra.endOffsets(DLT) == deadBefore
                    && retryTopicRecords(infra) == retryBefore);
    assertThat(sent(infra, run)).isEqualTo(MESSAGES);
  }

  /** One message through the whole path, so the consumer is running and nothing is in flight. */
  private void warmUp(Infra infra, String run) throws Exception {
    List<Event<NotificationRequested>> one = customers(infra, run + "w", 9).subList(0, 1);
    send(infra, one);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> sent(infra, run + "w") >= 1);
  }

  /** 30 customers with their own phone numbers, each with one urgent SMS to send. */
  private static List<Event<NotificationRequested>> customers(Infra infra, String run, int slot)
      throws Exception {
    List<Event<NotificationRequested>> events = new ArrayList<>();
    try (Connection c = infra.openJdbc();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO registry.customers VALUES (?, ?, ?, null, null, 'en')")) {
      for (int i = 0; i < MESSAGES; i++) {
        String id = run + "-" + i;
        s.setString(1, id);
        s.setString(2, "Customer " + id);
        s.setString(3, phone(run, slot, i));
        s.addBatch();
        events.add(
            request(
                id,
                "pa:" + id,
                NotificationChannel.SMS,
                "payment-approved",
                "en",
                Map.of("merchant", "Cafe", "amount", "5.00 USD"),
                true)); // urgent: the real clock may be inside quiet hours
      }
      s.executeBatch();
    }
    return events;
  }

  /** +1 415 8hhh s ii: h from the run, s the slot, i the customer (under 100). */
  private static String phone(String run, int slot, int i) {
    return "+14158" + String.format("%03d%d%02d", Math.floorMod(run.hashCode(), 1000), slot, i);
  }

  private static long sent(Infra infra, String run) throws Exception {
    return infra.queryLong(
        "SELECT count(*) FROM notification.deliveries WHERE status = 'SENT' AND customer_id LIKE '"
            + run
            + "-%'");
  }

  /** Messages the stub provider accepted for the run's numbers, by recipient. */
  private static Map<String, Long> sentTo(String run) {
    String prefix = phone(run, 0, 0).substring(1, 9);
    return wireMock.getAllServeEvents().stream()
        .filter(e -> e.getResponse().getStatus() == 201)
        .map(ServeEvent::getRequest)
        .map(
            r -> {
              Matcher m = TO.matcher(r.getBodyAsString());
              return m.find() ? m.group(1) : "?";
            })
        .filter(to -> to.startsWith(prefix))
        .collect(Collectors.groupingBy(to -> to, Collectors.counting()));
  }

  private double transientRetries() {
    return Search.in(meters)
        .name("paystream.kafka.consumer.transient.retries")
        .tag("group", "notification")
        .tag("topic", Topics.NOTIFICATIONS.name())
        .counters()
        .stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  /** Records written so far to the retry topics {@code notifications-notification-retry-N}. */
  private static long retryTopicRecords(Infra infra) {
    Properties p = infra.kafkaClientProperties();
    long total = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (int n = 1; ; n++) {
        String topic = Topics.NOTIFICATIONS.retry("notification", n);
        List<TopicPartition> parts =
            consumer.listTopics().containsKey(topic)
                ? consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList()
                : List.of();
        if (parts.isEmpty()) {
          return total;
        }
        total += consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
      }
    }
  }
}
