package io.paystream.benefit.outbox;

import io.paystream.benefit.config.BenefitProperties;
import io.paystream.contracts.Event;
import io.paystream.contracts.EventType;
import io.paystream.contracts.EventTypes;
import io.paystream.contracts.Topic;
import io.paystream.contracts.Topics;
import io.paystream.contracts.serde.EventJson;
import io.paystream.platform.kafka.EventPublisher;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Publishes {@code benefit.outbox} rows to Kafka after their transaction committed. Each pass, in
 * one transaction: locks the oldest unpublished rows ({@code FOR UPDATE SKIP LOCKED}, so replicas
 * share the work), publishes them in id order through the platform {@link EventPublisher} ({@code
 * acks=all}), marks them published. A crash between the send and the commit sends again with the
 * same deterministic CloudEvents id and dedup key, which notification-service drops. Passes run
 * every {@code benefit.outbox.poll-interval} and whenever a tip was committed ({@link #wakeUp}).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

  /** {@code ce_source} of what benefit-service publishes. */
  public static final URI SOURCE = Event.sourceOf("benefit-service");

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final EventPublisher publisher;
  private final BenefitProperties.Outbox settings;
  private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
  private volatile Disposable loop;

  public OutboxRelay(
      DatabaseClient db,
      TransactionalOperator tx,
      EventPublisher publisher,
      BenefitProperties properties) {
    this.db = db;
    this.tx = tx;
    this.publisher = publisher;
    this.settings = properties.outbox();
  }

  /** The insert of an outbox row for {@code event} on {@code topic} keyed {@code key}. */
  public <T extends Record> Mono<Long> insert(Topic<T> topic, String key, Event<T> event) {
    return db.sql(
            "INSERT INTO benefit.outbox (event_id, topic, message_key, event_type, subject,"
                + " event_time, payload) VALUES (:id, :topic, :key, :type, :subject, :time,"
                + " CAST(:payload AS jsonb)) ON CONFLICT (event_id) DO NOTHING")
        .bind("id", event.id())
        .bind("topic", topic.name())
        .bind("key", key)
        .bind("type", event.type().name())
        .bind("subject", event.subject())
        .bind("time", event.time())
        .bind("payload", EventJson.mapper().writeValueAsString(event.data()))
        .fetch()
        .rowsUpdated();
  }

  /** Asks for a pass soon (after a commit that added rows). */
  public void wakeUp() {
    wakeUps.tryEmitNext(Boolean.TRUE);
  }

  /**
   * One relay pass.
   *
   * @return how many rows were published
   */
  public Mono<Integer> publishPending() {
    return tx.transactional(
        db.sql(
                "SELECT id, event_id, topic, message_key, event_type, subject, event_time,"
                    + " payload::text AS payload FROM benefit.outbox WHERE published_at IS NULL"
                    + " ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED")
            .bind("n", settings.batchSize())
            .map(
                r ->
                    new Row(
                        r.get("id", Long.class),
                        r.get("event_id", String.class),
                        r.get("topic", String.class),
                        r.get("message_key", String.class),
                        r.get("event_type", String.class),
                        r.get("subject", String.class),
                        r.get("event_time", OffsetDateTime.class),
                        r.get("payload", String.class)))
            .all()
            .collectList()
            .flatMap(this::send));
  }

  private Mono<Integer> send(List<Row> rows) {
    if (rows.isEmpty()) {
      return Mono.just(0);
    }
    return Flux.fromIterable(rows)
        .concatMap(this::publish)
        .then(
            db.sql(
                    "UPDATE benefit.outbox SET published_at = clock_timestamp()"
                        + " WHERE id = ANY(:ids)")
                .bind("ids", rows.stream().map(Row::id).toArray(Long[]::new))
                .fetch()
                .rowsUpdated())
        .thenReturn(rows.size());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Mono<?> publish(Row row) {
    EventType type =
        EventTypes.byCeType(EventType.CE_TYPE_PREFIX + row.eventType())
            .orElseThrow(() -> new IllegalStateException("unknown event type " + row.eventType()));
    Topic topic =
        Topics.byName(row.topic())
            .orElseThrow(() -> new IllegalStateException("unknown topic " + row.topic()));
    Record data = (Record) EventJson.mapper().readValue(row.payload(), type.dataClass());
    Event event = new Event(row.eventId(), SOURCE, type, row.time(), row.subject(), data);
    return publisher.publish(topic, row.key(), event);
  }

  private Mono<Long> drain() {
    return publishPending()
        .expand(n -> n >= settings.batchSize() ? publishPending() : Mono.empty())
        .reduce(0L, Long::sum)
        .onErrorResume(
            e -> {
              log.warn("outbox relay pass failed, retrying on the next pass: {}", e.toString());
              return Mono.just(0L);
            });
  }

  @Override
  public void start() {
    if (!settings.enabled()) {
      return;
    }
    loop =
        Flux.merge(
                wakeUps.asFlux(),
                Flux.interval(Duration.ZERO, settings.pollInterval()).map(i -> Boolean.TRUE))
            .onBackpressureLatest()
            .concatMap(b -> drain(), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    if (loop != null) {
      loop.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isDisposed();
  }

  private record Row(
      long id,
      String eventId,
      String topic,
      String key,
      String eventType,
      String subject,
      OffsetDateTime time,
      String payload) {}
}
