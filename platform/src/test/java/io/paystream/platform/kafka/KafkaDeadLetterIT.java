package io.paystream.platform.kafka;

import static io.paystream.platform.kafka.KafkaRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.contracts.serde.EventJson;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DeserializationException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform's consumer defaults against a real broker: a tiny service with one
 * {@code @KafkaListener} on {@code notifications} (group {@code notification}), configured only by
 * the platform auto-configuration plus a short retry policy (2 retries, 300 ms apart).
 *
 * <p>Each test uses its own partition so their offsets do not mix: poison records on 0, the
 * transient failure on 1, the permanent failure on 2.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    classes = KafkaDeadLetterIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.application.name=kafka-dlt-it",
      "paystream.kafka.retry.max-retries=2",
      "paystream.kafka.retry.initial-interval=300ms",
      "paystream.kafka.retry.multiplier=1.0",
      "paystream.kafka.retry.max-interval=300ms",
      "spring.kafka.consumer.properties.interceptor.classes="
          + "io.paystream.platform.kafka.CommitRecorder"
    })
class KafkaDeadLetterIT {

  static final String TOPIC = Topics.NOTIFICATIONS.name();
  static final String GROUP = "notification";
  static final String DLT = Topics.NOTIFICATIONS.deadLetter(GROUP);
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final String PAN = "4111111111111111";
  static final String REPLAY_TOPIC = "verification-results";
  static final String REPLAY_GROUP = "fds";

  static KafkaProducer<byte[], byte[]> rawProducer;

  @Autowired KafkaTemplate<?, ?> kafkaTemplate;
  @Autowired Listener listener;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrapServers;

  @BeforeAll
  static void rawProducer(Infra infra) {
    rawProducer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  @AfterAll
  static void closeRawProducer() {
    rawProducer.close(Duration.ofSeconds(10));
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicWithTheirOriginalBytesAndTheConsumerGoesOn()
      throws Exception {
    // given: a record that is not a CloudEvent, and a CloudEvent whose data violates the schema
    byte[] garbage = "{not a cloud event".getBytes(StandardCharsets.UTF_8);
    RecordHeaders schemaViolationHeaders = new RecordHeaders();
    byte[] schemaViolation =
        withoutField(Notifications.event("cus-poison", "ok"), "customerId", schemaViolationHeaders);
    Event<NotificationRequested> good = Notifications.event("cus-after-poison", "ok");

    // when: both are produced raw to partition 0, then a good event behind them
    long garbageOffset = sendRaw(0, garbage, new RecordHeaders()).offset();
    long violationOffset = sendRaw(0, schemaViolation, schemaViolationHeaders).offset();
    long goodOffset = send(0, good).offset();

    // then: the good event is processed and the partition's offset moves past all three
    await().atMost(PATIENCE).until(() -> listener.effects.contains(good.id()));
    awaitCommitted(new TopicPartition(TOPIC, 0), goodOffset + 1);

    Map<Long, ConsumerRecord<byte[], byte[]>> dead = deadLetters(0, garbageOffset, violationOffset);
    ConsumerRecord<byte[], byte[]> garbageDlt = dead.get(garbageOffset);
    assertThat(garbageDlt.value()).isEqualTo(garbage);
    assertThat(header(garbageDlt, "kafka_dlt-exception-fqcn"))
        .isEqualTo(DeserializationException.class.getName());
    assertThat(header(garbageDlt, "kafka_dlt-exception-message")).contains("not a CloudEvent");
    assertThat(header(garbageDlt, "kafka_dlt-exception-stacktrace")).isNotBlank();
    assertThat(header(garbageDlt, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
    assertThat(header(garbageDlt, "kafka_dlt-original-consumer-group")).isEqualTo(GROUP);

    ConsumerRecord<byte[], byte[]> violationDlt = dead.get(violationOffset);
    assertThat(violationDlt.value()).isEqualTo(schemaViolation);
    assertThat(header(violationDlt, "kafka_dlt-exception-fqcn"))
        .isEqualTo(DeserializationException.class.getName());
    assertThat(header(violationDlt, "kafka_dlt-exception-cause-fqcn"))
        .isEqualTo(io.paystream.contracts.serde.EventRejectedException.class.getName());
    assertThat(header(violationDlt, "kafka_dlt-exception-message")).contains("customerId");
    for (Header original : schemaViolationHeaders) {
      assertThat(violationDlt.headers().lastHeader(original.key()).value())
          .as("original header %s", original.key())
          .isEqualTo(original.value());
    }
    // a poison record never reaches the listener
    assertThat(listener.attempts).hasSize(listener.effects.size() + listener.failing.size());
  }

  @Test
  void transientFailureIsRetriedAndItsEffectAndCommitHappenOnce() throws Exception {
    // given: a listener that fails twice for this event, then succeeds
    Event<NotificationRequested> flaky = Notifications.event("cus-flaky", "fail-twice");
    TopicPartition partition = new TopicPartition(TOPIC, 1);

    // when
    long offset = send(1, flaky).offset();

    // then: three attempts, one effect, and the offset committed once, after the third attempt
    await().atMost(PATIENCE).until(() -> listener.effects.contains(flaky.id()));
    awaitCommitted(partition, offset + 1);
    assertThat(listener.attempts.get(flaky.id())).hasValue(3);
    assertThat(listener.effects).containsOnlyOnce(flaky.id());
    assertThat(listener.commitsSeenAtAttempt.get(flaky.id())).containsExactly(0L, 0L, 0L);
    assertThat(CommitRecorder.count(partition, offset + 1)).isEqualTo(1);
  }

  @Test
  void permanentFailureIsDeadLetteredAfterTheBoundedRetriesAndOnlyThenCommitted() throws Exception {
    // given: a listener that always fails for this event (the message quotes a PAN)
    Event<NotificationRequested> doomed = Notifications.event("cus-doomed", "always-fail");
    Event<NotificationRequested> next = Notifications.event("cus-next", "ok");
    TopicPartition partition = new TopicPartition(TOPIC, 2);

    // when: it is followed by a good event on the same partition
    long offset = send(2, doomed).offset();
    send(2, next);

    // then: 1 + 2 retries, then the dead letter; the record's offset was not committed while it
    // was being attempted, and is committed after it was dead-lettered
    await().atMost(PATIENCE).until(() -> listener.effects.contains(next.id()));
    assertThat(listener.attempts.get(doomed.id())).hasValue(3);
    assertThat(listener.committedAtAttempt.get(doomed.id()))
        .hasSize(3)
        .allSatisfy(committed -> assertThat(committed).isLessThanOrEqualTo(offset));
    awaitCommitted(partition, offset + 2);

    ConsumerRecord<byte[], byte[]> dlt = deadLetters(2, offset).get(offset);
    assertThat(header(dlt, "ce_id")).isEqualTo(doomed.id());
    assertThat(EventJson.mapper().readValue(dlt.value(), NotificationRequested.class))
        .isEqualTo(doomed.data());
    assertThat(header(dlt, "kafka_dlt-exception-fqcn"))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(header(dlt, "kafka_dlt-exception-message"))
        .contains("411111******1111")
        .doesNotContain(PAN);
    assertThat(header(dlt, "kafka_dlt-exception-stacktrace")).doesNotContain(PAN);
    assertThat(header(dlt, "kafka_dlt-original-partition")).isNotNull();
  }

  @Test
  void deadLetterReplayedAfterTheFixIsProcessedOnceByItsOriginalTopic() throws Exception {
    // given: a listener on another topic that fails until "fixed"; its event was dead-lettered
    Event<NotificationRequested> event = Notifications.event("cus-replay", "fail-until-fixed");
    @SuppressWarnings("unchecked")
    var template = (KafkaTemplate<String, Event<?>>) kafkaTemplate;
    template.send(REPLAY_TOPIC, event.data().customerId(), event).get(60, TimeUnit.SECONDS);
    await()
        .atMost(PATIENCE)
        .until(
            () -> listener.replayAttempts.getOrDefault(event.id(), new AtomicInteger()).get() == 3);
    String replayDlt = Topics.VERIFICATION_RESULTS.deadLetter(REPLAY_GROUP);

    // when: the cause is fixed and the dead letters are replayed with the runbook's tool
    listener.fixed = true;
    java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
    DeadLetterReplay.Result result =
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    DeadLetterReplay.replay(
                        new DeadLetterReplay.Options(
                            bootstrapServers, replayDlt, 0, List.of(), false),
                        new java.io.PrintStream(report, true, StandardCharsets.UTF_8)),
                r -> r.replayed() == 1);

    // then: the listener gets the same CloudEvent again and its effect happens once
    await().atMost(PATIENCE).until(() -> listener.effects.contains(event.id()));
    assertThat(result.skipped()).isZero();
    assertThat(listener.effects).containsOnlyOnce(event.id());
    assertThat(report.toString(StandardCharsets.UTF_8)).contains("replayed to " + REPLAY_TOPIC);
  }

  // --- helpers

  @SuppressWarnings("unchecked")
  private RecordMetadata send(int partition, Event<NotificationRequested> event) throws Exception {
    var template = (KafkaTemplate<String, Event<?>>) kafkaTemplate;
    return template
        .send(TOPIC, partition, event.data().customerId(), event)
        .get(60, TimeUnit.SECONDS)
        .getRecordMetadata();
  }

  private static RecordMetadata sendRaw(int partition, byte[] value, Headers headers)
      throws Exception {
    return rawProducer
        .send(new ProducerRecord<byte[], byte[]>(TOPIC, partition, (byte[]) null, value, headers))
        .get(60, TimeUnit.SECONDS);
  }

  /** The CloudEvents binary-mode value of {@code event} without {@code field}; fills headers. */
  private static byte[] withoutField(
      Event<NotificationRequested> event, String field, RecordHeaders headers) {
    try (CloudEventKafkaSerializer serializer = new CloudEventKafkaSerializer()) {
      serializer.configure(Map.of(), false);
      byte[] value = serializer.serialize(TOPIC, headers, event);
      ObjectNode tree = (ObjectNode) EventJson.mapper().readTree(value);
      tree.remove(field);
      return EventJson.mapper().writeValueAsBytes(tree);
    }
  }

  private void awaitCommitted(TopicPartition partition, long expected) {
    KafkaRecords.awaitCommitted(bootstrapServers, GROUP, partition, expected, PATIENCE);
  }

  static Long committed(Admin admin, TopicPartition partition) throws Exception {
    return KafkaRecords.committed(admin, GROUP, partition);
  }

  /** The dead letters of the given original offsets of {@code notifications/partition}. */
  private Map<Long, ConsumerRecord<byte[], byte[]>> deadLetters(int partition, long... offsets) {
    Map<Long, ConsumerRecord<byte[], byte[]>> found = new ConcurrentHashMap<>();
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              for (ConsumerRecord<byte[], byte[]> r :
                  KafkaRecords.readToEnd(bootstrapServers, DLT, PATIENCE)) {
                if (String.valueOf(partition).equals(header(r, "kafka_dlt-original-partition"))) {
                  found.put(Long.parseLong(header(r, "kafka_dlt-original-offset")), r);
                }
              }
              for (long offset : offsets) {
                if (!found.containsKey(offset)) {
                  return false;
                }
              }
              return true;
            });
    return found;
  }

  /** The test service's listener: what it does depends on the event's {@code templateId}. */
  static class Listener {

    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final List<String> effects = new CopyOnWriteArrayList<>();
    final List<String> failing = new CopyOnWriteArrayList<>();
    final Map<String, List<Long>> commitsSeenAtAttempt = new ConcurrentHashMap<>();
    final Map<String, List<Long>> committedAtAttempt = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> replayAttempts = new ConcurrentHashMap<>();
    volatile boolean fixed;
    private final Admin admin;

    Listener(Admin admin) {
      this.admin = admin;
    }

    @KafkaListener(id = "dlt-it", topics = "notifications", groupId = GROUP)
    void on(ConsumerRecord<String, Event<?>> record) throws Exception {
      Event<?> event = record.value();
      NotificationRequested data = event.dataAs(NotificationRequested.class);
      int attempt =
          attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      commitsSeenAtAttempt
          .computeIfAbsent(event.id(), id -> new CopyOnWriteArrayList<>())
          .add(CommitRecorder.count(partition, record.offset() + 1));
      switch (data.templateId()) {
        case "fail-twice" -> {
          if (attempt <= 2) {
            throw new IllegalStateException("downstream unavailable, attempt " + attempt);
          }
        }
        case "always-fail" -> {
          if (attempt == 1) {
            failing.add(event.id());
          }
          Long committed = Optional.ofNullable(committed(admin, partition)).orElse(-1L);
          committedAtAttempt
              .computeIfAbsent(event.id(), id -> new CopyOnWriteArrayList<>())
              .add(committed);
          throw new IllegalStateException("card " + PAN + " declined downstream");
        }
        default -> {}
      }
      effects.add(event.id());
    }

    /** A second service reading another topic, failing until its bug is fixed. */
    @KafkaListener(id = "replay-it", topics = REPLAY_TOPIC, groupId = REPLAY_GROUP)
    void onReplayTopic(ConsumerRecord<String, Event<?>> record) {
      Event<?> event = record.value();
      replayAttempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
      if (!fixed) {
        throw new IllegalStateException("bug not fixed yet");
      }
      effects.add(event.id());
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
    Listener listener(Admin testAdmin) {
      return new Listener(testAdmin);
    }
  }
}
