package io.paystream.platform.kafka;

import static io.paystream.platform.kafka.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;

/**
 * Transient versus bad failures in the platform's consumer error handler, against a real broker.
 * The policy for failures not known to be transient is short (2 retries), the transient back-off
 * too (100 ms, capped at 300 ms), so "retried past the bounded retries" shows within seconds.
 *
 * <p>Two listeners read {@code notifications}: a record listener in group {@code notification} and
 * a batch listener through {@link BatchConsumer} in group {@code loyalty}; each reacts only to the
 * templates of its tests and uses its own partition (record: 0, batch: 1 and 2).
 */
@PaystreamIntegrationTest
@SpringBootTest(
    classes = KafkaTransientFailureIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.application.name=kafka-transient-it",
      "spring.kafka.listener.ack-mode=batch",
      "paystream.kafka.retry.max-retries=2",
      "paystream.kafka.retry.initial-interval=100ms",
      "paystream.kafka.retry.multiplier=1.0",
      "paystream.kafka.retry.max-interval=100ms",
      "paystream.kafka.transient-retry.initial-interval=100ms",
      "paystream.kafka.transient-retry.max-interval=300ms"
    })
class KafkaTransientFailureIT {

  static final String TOPIC = Topics.NOTIFICATIONS.name();
  static final String RECORD_GROUP = "notification";
  static final String BATCH_GROUP = "loyalty";
  static final Duration PATIENCE = Duration.ofSeconds(90);

  @Autowired KafkaTemplate<?, ?> kafkaTemplate;
  @Autowired Listeners listeners;
  @Autowired MeterRegistry meters;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  @Test
  void recordFailingTransientlyPastTheBoundedRetriesIsRetriedUntilItSucceedsNotDeadLettered()
      throws Exception {
    // given: the record's effect fails 7 times with what R2DBC and Spring throw when the pool
    // cannot hand out a connection (the bounded policy would give up after 3 attempts)
    Event<NotificationRequested> event = Notifications.event("cus-transient", "record-transient");
    TopicPartition partition = new TopicPartition(TOPIC, 0);

    // when
    long offset = send(0, event);

    // then: attempted 8 times, applied once, its offset not committed before the 8th attempt
    await().atMost(PATIENCE).until(() -> listeners.effects.contains(event.id()));
    assertThat(listeners.attempts.get(event.id())).hasValue(8);
    assertThat(listeners.effects).containsOnlyOnce(event.id());
    assertThat(listeners.committedAtAttempt.get(event.id()))
        .hasSize(8)
        .allSatisfy(committed -> assertThat(committed).isLessThanOrEqualTo(offset));
    awaitCommitted(RECORD_GROUP, partition, offset + 1);
    // and nothing went to the dead-letter topic; the attempts were counted
    assertThat(deadLetterIds(Topics.NOTIFICATIONS.deadLetter(RECORD_GROUP)))
        .doesNotContain(event.id());
    assertThat(
            meters
                .counter(
                    "paystream.kafka.consumer.transient.retries",
                    "group",
                    RECORD_GROUP,
                    "topic",
                    TOPIC)
                .count())
        .isGreaterThanOrEqualTo(7);
  }

  @Test
  void batchWhoseTransactionFailsTransientlyIsRetriedWholeUntilHealthyAndNothingIsDeadLettered()
      throws Exception {
    // given: 300 records whose one transaction fails 5 times with a statement timeout and a
    // terminated connection (SQLSTATE 57014, 57P01), then the database is healthy again
    List<String> ids = new ArrayList<>();
    long last = -1;
    for (int i = 0; i < 300; i++) {
      Event<NotificationRequested> event = Notifications.event("cus-batch", "batch-transient");
      ids.add(event.id());
      last = send(1, event);
    }

    // when / then: every record applied once, the partition committed to its end
    await().atMost(PATIENCE).until(() -> listeners.batchEffects.keySet().containsAll(ids));
    awaitCommitted(BATCH_GROUP, new TopicPartition(TOPIC, 1), last + 1);
    assertThat(listeners.transientBatchFailures).hasValue(5);
    assertThat(
            meters
                .counter(
                    "paystream.kafka.consumer.transient.retries",
                    "group",
                    BATCH_GROUP,
                    "topic",
                    TOPIC)
                .count())
        .as("each failed attempt counted once")
        .isEqualTo(5);
    assertThat(ids).allSatisfy(id -> assertThat(listeners.batchEffects.get(id)).hasValue(1));
    assertThat(deadLetterIds(Topics.NOTIFICATIONS.deadLetter(BATCH_GROUP)))
        .doesNotContainAnyElementsOf(ids);
  }

  @Test
  void batchFailingForOneRecordDeadLettersOnlyThatRecordAndARejectedOneWithItsReason()
      throws Exception {
    // given: 50 records; the transaction fails whenever record 20 is in it (a bug it triggers),
    // and record 40 is turned down by the listener's rule
    List<Event<NotificationRequested>> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String template = i == 20 ? "batch-bug" : i == 40 ? "batch-reject" : "batch-ok";
      events.add(Notifications.event("cus-isolate", template));
    }
    long last = -1;
    for (Event<NotificationRequested> e : events) {
      last = send(2, e);
    }

    // then: the 48 others are applied once, the two go to the DLT, the partition is committed
    List<String> good =
        events.stream()
            .filter(e -> e.data().templateId().equals("batch-ok"))
            .map(Event::id)
            .toList();
    await().atMost(PATIENCE).until(() -> listeners.batchEffects.keySet().containsAll(good));
    awaitCommitted(BATCH_GROUP, new TopicPartition(TOPIC, 2), last + 1);
    assertThat(good).allSatisfy(id -> assertThat(listeners.batchEffects.get(id)).hasValue(1));
    Map<String, ConsumerRecord<byte[], byte[]>> dead =
        deadLetters(Topics.NOTIFICATIONS.deadLetter(BATCH_GROUP), 2);
    assertThat(dead.keySet()).containsExactlyInAnyOrder(events.get(20).id(), events.get(40).id());
    assertThat(header(dead.get(events.get(40).id()), "kafka_dlt-exception-message"))
        .contains("templates of this kind are turned down");
    assertThat(header(dead.get(events.get(40).id()), "kafka_dlt-exception-cause-fqcn"))
        .isEqualTo("io.paystream.contracts.serde.EventRejectedException");
    assertThat(header(dead.get(events.get(20).id()), "kafka_dlt-exception-message"))
        .contains("bug triggered");
  }

  // --- helpers

  @SuppressWarnings("unchecked")
  private long send(int partition, Event<NotificationRequested> event) throws Exception {
    var template = (KafkaTemplate<String, Event<?>>) kafkaTemplate;
    return template
        .send(TOPIC, partition, event.data().customerId(), event)
        .get(60, TimeUnit.SECONDS)
        .getRecordMetadata()
        .offset();
  }

  private void awaitCommitted(String group, TopicPartition partition, long expected) {
    KafkaRecords.awaitCommitted(bootstrapServers, group, partition, expected, PATIENCE);
  }

  static Long committed(Admin admin, String group, TopicPartition partition) throws Exception {
    return KafkaRecords.committed(admin, group, partition);
  }

  private Set<String> deadLetterIds(String dlt) {
    return deadLetters(dlt, -1).keySet();
  }

  /**
   * Every record on {@code dlt} (from {@code originalPartition}, or all if -1) by {@code ce_id}.
   */
  private Map<String, ConsumerRecord<byte[], byte[]>> deadLetters(
      String dlt, int originalPartition) {
    Map<String, ConsumerRecord<byte[], byte[]>> found = new ConcurrentHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        KafkaRecords.readToEnd(bootstrapServers, dlt, PATIENCE)) {
      if (originalPartition < 0
          || String.valueOf(originalPartition).equals(header(r, "kafka_dlt-original-partition"))) {
        found.put(header(r, "ce_id"), r);
      }
    }
    return found;
  }

  /** The test service's listeners; what they do depends on the event's {@code templateId}. */
  static class Listeners {

    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final List<String> effects = new CopyOnWriteArrayList<>();
    final Map<String, List<Long>> committedAtAttempt = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> batchEffects = new ConcurrentHashMap<>();
    final AtomicInteger transientBatchFailures = new AtomicInteger();
    private final Admin admin;
    private final BatchConsumer<NotificationRequested> batches =
        BatchConsumer.of(Topics.NOTIFICATIONS, Duration.ofSeconds(30))
            .rejecting(
                n ->
                    n.templateId().equals("batch-reject")
                        ? "templates of this kind are turned down"
                        : null);

    Listeners(Admin admin) {
      this.admin = admin;
    }

    @KafkaListener(id = "transient-record-it", topics = "notifications", groupId = RECORD_GROUP)
    void onRecord(ConsumerRecord<String, Event<?>> record) throws Exception {
      Event<?> event = record.value();
      NotificationRequested data = event.dataAs(NotificationRequested.class);
      if (!data.templateId().startsWith("record-")) {
        return;
      }
      int attempt =
          attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
      Long committed =
          committed(admin, RECORD_GROUP, new TopicPartition(record.topic(), record.partition()));
      committedAtAttempt
          .computeIfAbsent(event.id(), id -> new CopyOnWriteArrayList<>())
          .add(committed == null ? -1L : committed);
      if (attempt <= 7) {
        throw new DataAccessResourceFailureException(
            "Failed to obtain R2DBC Connection",
            new R2dbcTimeoutException("Connection acquisition timed out after 15000ms"));
      }
      effects.add(event.id());
    }

    @KafkaListener(
        id = "transient-batch-it",
        topics = "notifications",
        groupId = BATCH_GROUP,
        batch = "true")
    void onBatch(List<ConsumerRecord<String, Event<?>>> records) {
      batches.inOneTransaction(records, this::transaction);
    }

    /** All or nothing, like a database transaction. */
    private Mono<Void> transaction(List<ReceivedEvent<NotificationRequested>> events) {
      return Mono.defer(
          () -> {
            boolean transientCase =
                events.stream().anyMatch(e -> e.data().templateId().equals("batch-transient"));
            if (transientCase && transientBatchFailures.get() < 5) {
              int n = transientBatchFailures.incrementAndGet();
              return Mono.error(
                  n % 2 == 0
                      ? new QueryTimeoutException(
                          "ERROR: canceling statement due to statement timeout",
                          new R2dbcNonTransientResourceException(
                              "canceling statement due to statement timeout", "57014"))
                      : new DataAccessResourceFailureException(
                          "terminating connection due to administrator command",
                          new R2dbcNonTransientResourceException(
                              "terminating connection due to administrator command", "57P01")));
            }
            if (events.stream().anyMatch(e -> e.data().templateId().equals("batch-bug"))) {
              return Mono.error(new IllegalStateException("bug triggered by one record"));
            }
            for (ReceivedEvent<NotificationRequested> e : events) {
              if (e.data().templateId().startsWith("batch-")) {
                batchEffects.computeIfAbsent(e.id(), id -> new AtomicInteger()).incrementAndGet();
              }
            }
            return Mono.empty();
          });
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean(destroyMethod = "close")
    Admin testAdmin(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
      return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @Bean
    Listeners listeners(Admin testAdmin) {
      return new Listeners(testAdmin);
    }
  }
}
