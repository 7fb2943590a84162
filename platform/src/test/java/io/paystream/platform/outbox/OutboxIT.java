package io.paystream.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Tracer;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The outbox against a real PostgreSQL and a real broker. The auto-configured writer and relay work
 * on {@code it.outbox} with a 30 s fallback poll, so anything published within a few seconds was
 * woken by {@code NOTIFY}. Tests that need their own relays use tables of their own.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    classes = OutboxIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.application.name=outbox-it",
      "paystream.outbox.table=it.outbox",
      "paystream.outbox.fallback-poll=30s"
    })
class OutboxIT {

  static final String TOPIC = Topics.NOTIFICATIONS.name();
  static final List<ConsumerRecord<String, byte[]>> received = new CopyOnWriteArrayList<>();
  static Thread consumerThread;
  static volatile boolean consuming = true;
  static Infra infra;

  @Autowired OutboxWriter writer;
  @Autowired OutboxRelay relay;
  @Autowired ConnectionFactory connectionFactory;
  @Autowired KafkaProperties kafkaProperties;
  @Autowired MeterRegistry meters;
  @Autowired ObservationRegistry observations;
  @Autowired Tracer tracer;

  @BeforeAll
  static void tablesAndConsumer(Infra given) throws Exception {
    infra = given;
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA it");
      for (String table :
          List.of("it.outbox", "it.outbox_flaky", "it.outbox_shared", "it.outbox_locked")) {
        s.execute(OutboxTables.ddl(table));
      }
    }
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < Topics.NOTIFICATIONS.devPartitions(); p++) {
      partitions.add(new TopicPartition(TOPIC, p));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    consumerThread =
        Thread.ofPlatform()
            .name("outbox-it-consumer")
            .start(
                () -> {
                  try (consumer) {
                    while (consuming) {
                      consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                    }
                  }
                });
  }

  @AfterAll
  static void stopConsumer() throws InterruptedException {
    consuming = false;
    consumerThread.join(10_000);
  }

  @Test
  void committedEventIsPublishedOnceWithTheSerializersBytesAndHeadersAndItsRowDeleted() {
    // given
    Event<NotificationRequested> event = event("committed", "cus-1");
    double publishedBefore = counter("paystream.outbox.published");

    // when
    Long inserted =
        tx().transactional(writer.enqueue(Topics.NOTIFICATIONS, "cus-1", event)).block();

    // then: on the topic once, byte for byte what EventPublisher's serializer writes
    assertThat(inserted).isEqualTo(1L);
    await().atMost(Duration.ofSeconds(10)).until(() -> recordsOf(event.id()).size() == 1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> recordsOf(event.id()).size() == 1);
    ConsumerRecord<String, byte[]> record = recordsOf(event.id()).getFirst();
    RecordHeaders expectedHeaders = new RecordHeaders();
    byte[] expectedValue = new CloudEventKafkaSerializer().serialize(TOPIC, expectedHeaders, event);
    assertThat(record.key()).isEqualTo("cus-1");
    assertThat(record.value()).isEqualTo(expectedValue);
    assertThat(pairs(record.headers())).isEqualTo(pairs(expectedHeaders));
    Event<?> decoded =
        new CloudEventKafkaDeserializer().deserialize(TOPIC, record.headers(), record.value());
    assertThat(decoded.id()).isEqualTo(event.id());
    assertThat(decoded.data()).isEqualTo(event.data());
    await().atMost(Duration.ofSeconds(5)).until(() -> rows("it.outbox") == 0);
    assertThat(counter("paystream.outbox.published")).isGreaterThan(publishedBefore);
  }

  @Test
  void rolledBackTransactionLeavesNoRowAndPublishesNothing() {
    // given
    Event<NotificationRequested> doomed = event("rolled-back", "cus-2");
    Event<NotificationRequested> later = event("after-rollback", "cus-2");

    // when: the caller's transaction fails after the enqueue
    assertThatThrownBy(
            () ->
                tx().transactional(
                        writer
                            .enqueue(Topics.NOTIFICATIONS, "cus-2", doomed)
                            .then(Mono.error(new IllegalStateException("effect failed"))))
                    .block())
        .hasMessageContaining("effect failed");
    tx().transactional(writer.enqueue(Topics.NOTIFICATIONS, "cus-2", later)).block();

    // then: the committed one behind it is published, the rolled-back one never
    await().atMost(Duration.ofSeconds(10)).until(() -> recordsOf(later.id()).size() == 1);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(4))
        .until(() -> recordsOf(doomed.id()).isEmpty());
    assertThat(rowsWithEventId("it.outbox", doomed.id())).isZero();
  }

  @Test
  void aCallersOwnStatementQueuesTheEventOnlyWhenItsConditionHoldsAndTheRelayPublishesIt() {
    // given: a statement of the caller's own with the outbox insert as a WITH query
    await().atMost(Duration.ofSeconds(10)).until(() -> rows("it.outbox") == 0);
    Event<NotificationRequested> queued = event("own-statement", "cus-own");
    Event<NotificationRequested> skipped = event("own-statement-skipped", "cus-own");
    DatabaseClient db = DatabaseClient.create(connectionFactory);

    // when: one autocommit statement, no transaction of ours, condition true and then false
    Long first = ownStatement(db, queued, true);
    Long second = ownStatement(db, skipped, false);

    // then: only the first is queued, and NOTIFY wakes the relay (fallback poll is 30 s)
    assertThat(first).isEqualTo(1L);
    assertThat(second).isZero();
    await().atMost(Duration.ofSeconds(3)).until(() -> recordsOf(queued.id()).size() == 1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> recordsOf(skipped.id()).isEmpty());
  }

  private Long ownStatement(DatabaseClient db, Event<NotificationRequested> event, boolean when) {
    return ownStatement(db, event, when, null);
  }

  private Long ownStatement(
      DatabaseClient db, Event<NotificationRequested> event, boolean when, ContextView context) {
    OutboxWriter.Insert insert =
        writer.insertFor(
            List.of(OutboxEntry.of(Topics.NOTIFICATIONS, event.data().customerId(), event)),
            2,
            "(SELECT ok FROM c)",
            context);
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(
                "WITH c AS (SELECT $1::boolean AS ok), o AS ("
                    + insert.insert()
                    + ") SELECT "
                    + insert.queued("o")
                    + " AS n")
            .bind(0, when);
    for (int i = 0; i < insert.bindings().size(); i++) {
      spec = spec.bind(i + 1, insert.bindings().get(i));
    }
    return spec.map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
  }

  @Test
  void theRecordCarriesTheTraceparentOfTheRequestThatWroteTheRow() {
    // given: a request observation only in the Reactor context (as WebFlux passes it), and
    // nothing in scope on the calling thread
    Event<NotificationRequested> event = event("traced", "cus-traced");
    await().atMost(Duration.ofSeconds(10)).until(() -> rows("it.outbox") == 0);
    Observation request = Observation.start("http.server.requests", observations);
    String traceId;
    String spanId;
    try (Observation.Scope scope = request.openScope()) {
      traceId = tracer.currentSpan().context().traceId();
      spanId = tracer.currentSpan().context().spanId();
    }
    assertThat(tracer.currentSpan()).as("nothing in scope on the calling thread").isNull();

    // when: the row is written in a transaction subscribed with that context
    tx().transactional(writer.enqueue(Topics.NOTIFICATIONS, "cus-traced", event))
        .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, request))
        .block(Duration.ofSeconds(10));
    request.stop();

    // then: the published record continues the writer's trace, as a direct send would
    await().atMost(Duration.ofSeconds(10)).until(() -> recordsOf(event.id()).size() == 1);
    ConsumerRecord<String, byte[]> record = recordsOf(event.id()).getFirst();
    assertThat(header(record, "traceparent"))
        .as("version 00, the request's trace, the request's span as parent")
        .startsWith("00-" + traceId + "-" + spanId + "-");
    assertThat(header(record, "ce_id")).isEqualTo(event.id());
  }

  @Test
  void aCallersOwnStatementCarriesTheTraceOfTheThreadOrOfTheContextGiven() {
    // given
    Event<NotificationRequested> onThread = event("traced-thread", "cus-own-traced");
    Event<NotificationRequested> inContext = event("traced-context", "cus-own-traced");
    DatabaseClient db = DatabaseClient.create(connectionFactory);
    Observation listener = Observation.start("kafka.consume", observations);
    Observation request = Observation.start("http.server.requests", observations);
    String listenerTrace;
    String requestTrace;
    try (Observation.Scope scope = request.openScope()) {
      requestTrace = tracer.currentSpan().context().traceId();
    }

    // when: one insert built on a thread with a span in scope (a record listener), with baggage;
    // one built with a Reactor context (payment-api's intake) while another span is in scope
    try (Observation.Scope scope = listener.openScope();
        BaggageInScope baggage = tracer.createBaggageInScope("X-Request-Id", "req-own-7")) {
      listenerTrace = tracer.currentSpan().context().traceId();
      ownStatement(db, onThread, true, null);
      ownStatement(db, inContext, true, Context.of(ObservationThreadLocalAccessor.KEY, request));
    }
    listener.stop();
    request.stop();

    // then
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> recordsOf(onThread.id()).size() == 1 && recordsOf(inContext.id()).size() == 1);
    ConsumerRecord<String, byte[]> first = recordsOf(onThread.id()).getFirst();
    assertThat(header(first, "traceparent")).startsWith("00-" + listenerTrace + "-");
    assertThat(header(first, "X-Request-Id")).isEqualTo("req-own-7");
    assertThat(header(recordsOf(inContext.id()).getFirst(), "traceparent"))
        .startsWith("00-" + requestTrace + "-");
    assertThat(requestTrace).isNotEqualTo(listenerTrace);
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void notifyWakesTheRelayLongBeforeTheFallbackPoll() {
    // given: the relay is idle (its first fallback tick was at start, the next is 30 s later)
    await().atMost(Duration.ofSeconds(10)).until(() -> rows("it.outbox") == 0);
    Event<NotificationRequested> event = event("notified", "cus-3");

    // when
    Instant committed = Instant.now();
    tx().transactional(writer.enqueue(Topics.NOTIFICATIONS, "cus-3", event)).block();

    // then
    await().atMost(Duration.ofSeconds(3)).until(() -> recordsOf(event.id()).size() == 1);
    assertThat(Duration.between(committed, Instant.now())).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void duplicateEventIdWhileTheFirstIsQueuedIsSkipped() {
    // given: a relay-less table, so the first row stays
    OutboxWriter flakyTableWriter =
        new OutboxWriter(
            DatabaseClient.create(connectionFactory),
            OutboxProperties.forTable("it.outbox_flaky"),
            kafkaProperties.buildProducerProperties());
    Event<NotificationRequested> event = event("dup", "cus-dup");

    // when
    Long first = flakyTableWriter.enqueue(Topics.NOTIFICATIONS, "cus-dup", event).block();
    Long second = flakyTableWriter.enqueue(Topics.NOTIFICATIONS, "cus-dup", event).block();

    // then
    assertThat(first).isEqualTo(1L);
    assertThat(second).isZero();
    assertThat(rowsWithEventId("it.outbox_flaky", event.id())).isEqualTo(1);
    execute("DELETE FROM it.outbox_flaky");
  }

  @Test
  void aFailedSendHoldsBackTheLaterRowsOfItsKeyOnlyAndIsRetried() {
    // given: three rows of one key and one of another; the first send of k1's first row fails
    OutboxProperties settings =
        OutboxProperties.forTable("it.outbox_flaky")
            .withFallbackPoll(Duration.ofSeconds(30))
            .withMetricPrefix("flaky.outbox");
    OutboxWriter flakyWriter =
        new OutboxWriter(
            DatabaseClient.create(connectionFactory),
            settings,
            kafkaProperties.buildProducerProperties());
    List<Event<NotificationRequested>> k1 =
        List.of(event("k1-1", "cus-k1"), event("k1-2", "cus-k1"), event("k1-3", "cus-k1"));
    Event<NotificationRequested> k2 = event("k2-1", "cus-k2");
    FlakyTemplate kafka =
        new FlakyTemplate(
            OutboxAutoConfiguration.relayTemplate(kafkaProperties.buildProducerProperties())
                .getProducerFactory(),
            k1.getFirst().id());
    tx().transactional(
            flakyWriter.enqueueAll(
                List.of(
                    OutboxEntry.of(Topics.NOTIFICATIONS, "cus-k1", k1.get(0)),
                    OutboxEntry.of(Topics.NOTIFICATIONS, "cus-k1", k1.get(1)),
                    OutboxEntry.of(Topics.NOTIFICATIONS, "cus-k2", k2),
                    OutboxEntry.of(Topics.NOTIFICATIONS, "cus-k1", k1.get(2)))))
        .block();
    SimpleMeterRegistry relayMeters = new SimpleMeterRegistry();
    OutboxRelay flaky = new OutboxRelay(connectionFactory, kafka, true, settings, relayMeters);

    // when
    flaky.start();
    try {
      // then: everything arrives, k1 in order, each once; k1-2 was not even tried before k1-1
      // was acknowledged; k2 did not wait for k1's retry
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> k1.stream().allMatch(e -> recordsOf(e.id()).size() == 1));
      await().atMost(Duration.ofSeconds(5)).until(() -> recordsOf(k2.id()).size() == 1);
      List<String> k1Order =
          received.stream().filter(r -> "cus-k1".equals(r.key())).map(OutboxIT::ceId).toList();
      assertThat(k1Order).containsExactly(k1.get(0).id(), k1.get(1).id(), k1.get(2).id());
      assertThat(kafka.attempts)
          .containsExactly(k1.get(0).id(), k2.id(), k1.get(0).id(), k1.get(1).id(), k1.get(2).id());
      assertThat(relayMeters.get("flaky.outbox.failures").counter().count())
          .isGreaterThanOrEqualTo(1);
      await().atMost(Duration.ofSeconds(5)).until(() -> rows("it.outbox_flaky") == 0);
    } finally {
      flaky.destroy();
    }
  }

  @Test
  void twoRelaysOnOneTablePublishEveryRowOnceAndKeepEachKeysOrder() {
    // given: two replicas' relays on one table, small batches so that both get work
    OutboxProperties settings =
        OutboxProperties.forTable("it.outbox_shared")
            .withBatchSize(20)
            .withFallbackPoll(Duration.ofSeconds(30))
            .withMetricPrefix("shared.outbox");
    OutboxWriter sharedWriter =
        new OutboxWriter(
            DatabaseClient.create(connectionFactory),
            settings,
            kafkaProperties.buildProducerProperties());
    SimpleMeterRegistry metersA = new SimpleMeterRegistry();
    SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    OutboxRelay a = relay(settings, metersA);
    OutboxRelay b = relay(settings, metersB);
    a.start();
    b.start();
    int keys = 25;
    int perKeyPerTx = 2;
    int transactions = 12;
    List<String> expectedIds = new ArrayList<>();
    try {
      // when: 12 transactions of 50 rows each, committed while both relays run
      for (int t = 0; t < transactions; t++) {
        List<OutboxEntry<?>> entries = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
          for (int i = 0; i < perKeyPerTx; i++) {
            String key = "cus-shared-" + k;
            Event<NotificationRequested> e =
                event("shared-" + k + "-" + (t * perKeyPerTx + i), key);
            entries.add(OutboxEntry.of(Topics.NOTIFICATIONS, key, e));
            expectedIds.add(e.id());
          }
        }
        tx().transactional(sharedWriter.enqueueAll(entries)).block();
      }

      // then: every row once, in enqueue order per key, and the table empty
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> expectedIds.stream().allMatch(id -> !recordsOf(id).isEmpty()));
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> expectedIds.stream().allMatch(id -> recordsOf(id).size() == 1));
      Map<String, List<String>> byKey =
          received.stream()
              .filter(r -> r.key().startsWith("cus-shared-"))
              .collect(
                  Collectors.groupingBy(
                      ConsumerRecord::key,
                      Collectors.mapping(OutboxIT::ceId, Collectors.toList())));
      for (int k = 0; k < keys; k++) {
        String key = "cus-shared-" + k;
        String label = "shared-" + k + "-";
        List<String> expected = expectedIds.stream().filter(id -> id.startsWith(label)).toList();
        assertThat(byKey.get(key)).as(key).containsExactlyElementsOf(expected);
      }
      double byA = metersA.get("shared.outbox.published").counter().count();
      double byB = metersB.get("shared.outbox.published").counter().count();
      assertThat(byA + byB).isEqualTo(expectedIds.size());
      assertThat(rows("it.outbox_shared")).isZero();
    } finally {
      a.destroy();
      b.destroy();
    }
  }

  @Test
  void passesOnATableLockedByAnotherSessionFailInsteadOfHangingAndTheLagGaugeKeepsMoving()
      throws Exception {
    // given: a committed row (its NOTIFY is not needed: the relay starts later) in a table that
    // another session then locks, so that every statement of the relay on it waits
    Event<NotificationRequested> event = event("locked", "cus-locked");
    OutboxProperties settings =
        OutboxProperties.forTable("it.outbox_locked")
            .withFallbackPoll(Duration.ofMillis(500))
            .withMetricPrefix("locked.outbox");
    tx().transactional(
            new OutboxWriter(
                    DatabaseClient.create(connectionFactory),
                    settings,
                    kafkaProperties.buildProducerProperties())
                .enqueue(Topics.NOTIFICATIONS, "cus-locked", event))
        .block();
    SimpleMeterRegistry relayMeters = new SimpleMeterRegistry();
    OutboxRelay relay = relay(settings, relayMeters);
    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE it.outbox_locked IN ACCESS EXCLUSIVE MODE");

      // when: the relay starts while the lock is held
      relay.start();

      // then: its passes fail (statement timeout) and are retried, and the lag gauge, which
      // cannot read the table either, moves instead of standing at its last reading (0)
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> relayMeters.get("locked.outbox.failures").counter().count() >= 1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> relayMeters.get("locked.outbox.lag").gauge().value() >= 3.0);
      assertThat(recordsOf(event.id())).isEmpty();
      locker.rollback();
    }

    // and once the lock is gone the row is published once and deleted, the gauge back at 0
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> recordsOf(event.id()).size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> rows("it.outbox_locked") == 0);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> relayMeters.get("locked.outbox.lag").gauge().value() == 0.0);
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> recordsOf(event.id()).size() == 1);
    } finally {
      relay.destroy();
    }
  }

  // --- helpers

  private OutboxRelay relay(OutboxProperties settings, MeterRegistry registry) {
    return new OutboxRelay(
        connectionFactory,
        OutboxAutoConfiguration.relayTemplate(kafkaProperties.buildProducerProperties()),
        true,
        settings,
        registry);
  }

  private TransactionalOperator tx() {
    return TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
  }

  private double counter(String name) {
    return meters.get(name).counter().count();
  }

  /** Event ids carry the test's label, so tests sharing the topic never see each other's. */
  private static Event<NotificationRequested> event(String label, String customerId) {
    String id = label + ":" + java.util.UUID.randomUUID();
    NotificationRequested data =
        new NotificationRequested(
            id,
            "it:" + id,
            customerId,
            NotificationChannel.SMS,
            "outbox-it",
            "en",
            Map.of("amount", "23.50 USD"),
            false,
            null,
            Instant.parse("2026-11-21T05:35:01.200Z"));
    return Event.of(id, Event.sourceOf("platform-it"), id, data);
  }

  private static List<ConsumerRecord<String, byte[]>> recordsOf(String eventId) {
    return received.stream().filter(r -> eventId.equals(ceId(r))).toList();
  }

  private static String ceId(ConsumerRecord<String, byte[]> record) {
    Header id = record.headers().lastHeader("ce_id");
    return id == null ? null : new String(id.value(), StandardCharsets.UTF_8);
  }

  private static List<String> pairs(Iterable<Header> headers) {
    List<String> out = new ArrayList<>();
    for (Header h : headers) {
      out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static long rows(String table) {
    return scalar("SELECT count(*) FROM " + table);
  }

  private static long rowsWithEventId(String table, String eventId) {
    return scalar("SELECT count(*) FROM " + table + " WHERE event_id = '" + eventId + "'");
  }

  private static long scalar(String sql) {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void execute(String sql) {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** A real template whose first send of one event fails before reaching the broker. */
  static final class FlakyTemplate extends KafkaTemplate<String, byte[]> {

    final List<String> attempts = new CopyOnWriteArrayList<>();
    private final String failOnce;
    private final Map<String, Boolean> failed = new HashMap<>();

    FlakyTemplate(ProducerFactory<String, byte[]> factory, String failOnce) {
      super(factory);
      this.failOnce = failOnce;
    }

    @Override
    public CompletableFuture<SendResult<String, byte[]>> send(
        ProducerRecord<String, byte[]> record) {
      String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
      attempts.add(id);
      if (id.equals(failOnce) && failed.putIfAbsent(id, Boolean.TRUE) == null) {
        return CompletableFuture.failedFuture(
            new org.apache.kafka.common.errors.TimeoutException("injected: broker did not answer"));
      }
      return super.send(record);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}
}
