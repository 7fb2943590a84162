package io.paystream.notification.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.paystream.notification.NotificationTestSupport.deadLetters;
import static io.paystream.notification.NotificationTestSupport.request;
import static io.paystream.notification.NotificationTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.paystream.notification.NotificationTestSupport;
import io.paystream.notification.provider.ResilientProvider;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The SMS provider goes down: the circuit opens, messages wait in the retry topics, and after the
 * provider recovers every message is delivered exactly once. Also measures SMS-path throughput.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    properties = {
      "paystream.notification.sms.resilience.initial-backoff=50ms",
      "paystream.notification.sms.resilience.max-attempts=2",
      "paystream.notification.sms.resilience.sliding-window-size=4",
      "paystream.notification.sms.resilience.minimum-number-of-calls=4",
      "paystream.notification.sms.resilience.wait-in-open-state=2s",
      "paystream.notification.sms.resilience.rate-per-second=5000",
      "paystream.notification.retry-topics.attempts=6",
      "paystream.notification.retry-topics.initial-delay=1s",
      "paystream.notification.retry-topics.multiplier=2",
      "paystream.notification.retry-topics.max-delay=4s",
      "paystream.notification.sms.auth-token=test-sms-token"
    })
class ProviderOutageIT {

  static final String SMS_PATH =
      "/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json";
  static final WireMockServer wireMock = new WireMockServer(options().dynamicPort());
  static final Pattern TO = Pattern.compile("To=%2B(\\d+)");

  @Autowired
  @Qualifier("smsProvider")
  ResilientProvider sms;

  @DynamicPropertySource
  static void providers(DynamicPropertyRegistry registry) {
    registry.add("paystream.notification.sms.base-url", wireMock::baseUrl);
  }

  @BeforeAll
  static void start(Infra infra) throws Exception {
    wireMock.start();
    wireMock.stubFor(
        post(urlPathEqualTo(SMS_PATH))
            .atPriority(10)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\"}")
                    .withTransformers("response-template")));
    NotificationTestSupport.createContactView(infra);
  }

  @AfterAll
  static void stop() {
    wireMock.stop();
  }

  @Test
  void outageOpensCircuitParksMessagesInRetryTopicsAndDeliversAllOnceAfterRecovery(Infra infra)
      throws Exception {
    sms.circuitBreaker().reset();
    wireMock.resetRequests();
    int requested = 30;
    List<Event<NotificationRequested>> events = customers(infra, "out", 1_000, requested);
    StubMapping down =
        wireMock.stubFor(
            post(urlPathEqualTo(SMS_PATH)).atPriority(1).willReturn(aResponse().withStatus(503)));

    send(infra, events);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sms.circuitBreaker().getState() == CircuitBreaker.State.OPEN);
    // the outage goes on for 3 s; messages travel the retry topics, none is sent
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(23))
        .until(() -> count(infra, "out-", "SENT") == 0);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(count(infra, "out-", "RETRYING"))
                    .as("messages wait for the provider, none given up")
                    .isEqualTo(requested));
    assertThat(retryTopicRecords(infra))
        .as("every message went to a retry topic at least once")
        .isGreaterThanOrEqualTo(requested);
    int callsDuringOutage = wireMock.getAllServeEvents().size();
    assertThat(callsDuringOutage)
        .as("the open circuit spares the provider most calls")
        .isLessThan(requested * 2);
    wireMock.removeStub(down);

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> count(infra, "out-", "SENT") == requested);
    // nothing more reaches the provider (a redelivered retry-topic record would send again)
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(22))
        .until(() -> acceptedPerRecipient().values().stream().allMatch(n -> n == 1));

    Map<String, Long> accepted = acceptedPerRecipient();
    long sent = accepted.values().stream().mapToLong(Long::longValue).sum();
    long duplicates = accepted.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    System.out.printf(
        "OUTAGE COUNT CHECK: requested=%d sent=%d duplicates=%d provider-calls-during-outage=%d"
            + " dlt=%d%n",
        requested, sent, duplicates, callsDuringOutage, deadLetters(infra).size());
    assertThat(sent).isEqualTo(requested);
    assertThat(duplicates).isZero();
    assertThat(deadLetters(infra)).isEmpty();
  }

  @Test
  void measuresSmsDeliveriesPerSecond(Infra infra) throws Exception {
    sms.circuitBreaker().reset();
    wireMock.resetRequests();
    int n = 1_000;
    List<Event<NotificationRequested>> events = customers(infra, "bench", 100_000, n);

    long start = System.nanoTime();
    send(infra, events);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> count(infra, "bench-", "SENT") == n);
    double seconds = (System.nanoTime() - start) / 1e9;

    System.out.printf(
        "SMS THROUGHPUT: %d deliveries in %.2f s = %.0f deliveries/s (3 consumer threads)%n",
        n, seconds, n / seconds);
    assertThat(acceptedPerRecipient().values()).allMatch(c -> c == 1).hasSize(n);
  }

  private static List<Event<NotificationRequested>> customers(
      Infra infra, String prefix, int base, int n) throws Exception {
    List<Event<NotificationRequested>> events = new ArrayList<>();
    try (Connection c = infra.openJdbc();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO registry.customers VALUES (?, ?, ?, null, null, 'en')")) {
      for (int i = 0; i < n; i++) {
        String id = prefix + "-" + i;
        s.setString(1, id);
        s.setString(2, "Customer " + id);
        s.setString(3, "+1415" + (5_000_000 + base + i));
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

  private static long count(Infra infra, String prefix, String status) throws Exception {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM notification.deliveries WHERE status = '"
                    + status
                    + "' AND customer_id LIKE '"
                    + prefix
                    + "%'")) {
      r.next();
      return r.getLong(1);
    }
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

  /** Messages the stub provider accepted (201), by recipient. */
  private static Map<String, Long> acceptedPerRecipient() {
    return wireMock.getAllServeEvents().stream()
        .filter(e -> e.getResponse().getStatus() == 201)
        .map(ServeEvent::getRequest)
        .map(
            r -> {
              Matcher m = TO.matcher(r.getBodyAsString());
              return m.find() ? m.group(1) : "?";
            })
        .collect(Collectors.groupingBy(to -> to, Collectors.counting()));
  }
}
