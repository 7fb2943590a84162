package io.paystream.fds.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paystream.contracts.Event;
import io.paystream.contracts.EventType;
import io.paystream.contracts.EventTypes;
import io.paystream.fds.config.FdsProperties;
import io.paystream.fds.ledger.PaymentDecisionService;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Publishes {@code ledger.outbox} rows to Kafka after their transaction committed, in commit order
 * per card, safely with several replicas.
 *
 * <p>Each pass, in one transaction: locks the oldest unpublished rows with {@code FOR UPDATE SKIP
 * LOCKED}, keeps only those with no older unpublished row of the same key held by another replica
 * (so a card's events never overtake each other), sends them (awaiting {@code acks=all}), marks
 * them published, commits. A crash between send and commit re-sends: the CloudEvents id is
 * deterministic, so consumers recognise the duplicate. Passes are woken by PostgreSQL {@code LISTEN
 * ledger_outbox} (the insert trigger's {@code NOTIFY}) and by a fallback poll.
 *
 * <p>Metrics: {@code fds.outbox.lag} (age in seconds of the oldest unpublished row), {@code
 * fds.outbox.publish.delay} (insert to publish).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String CHANNEL = "ledger_outbox";

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final ConnectionFactory connectionFactory;
  private final KafkaTemplate<String, Event<?>> kafka;
  private final FdsProperties.Outbox settings;
  private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
  private final AtomicLong lagMillis = new AtomicLong();
  private final Timer publishDelay;
  private volatile Disposable loop;
  private volatile Disposable listener;

  public OutboxRelay(
      DatabaseClient db,
      TransactionalOperator tx,
      ConnectionFactory connectionFactory,
      KafkaTemplate<String, Event<?>> kafka,
      FdsProperties properties,
      MeterRegistry meters) {
    this.db = db;
    this.tx = tx;
    this.connectionFactory = connectionFactory;
    this.kafka = kafka;
    this.settings = properties.outbox();
    Gauge.builder("fds.outbox.lag", lagMillis, v -> v.get() / 1000.0)
        .description("Age of the oldest unpublished outbox row")
        .baseUnit("seconds")
        .register(meters);
    this.publishDelay =
        Timer.builder("fds.outbox.publish.delay")
            .description("Outbox row insert to Kafka acknowledgement")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
  }

  /**
   * One relay pass.
   *
   * @return how many rows were published
   */
  public Mono<Integer> publishPending() {
    return tx.transactional(
        db.sql(
                "WITH batch AS (SELECT id FROM ledger.outbox WHERE published_at IS NULL"
                    + " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)"
                    + " SELECT o.id, o.event_id, o.topic, o.message_key, o.event_type, o.subject,"
                    + " o.event_time, o.payload::text AS payload, o.created_at FROM ledger.outbox o"
                    + " JOIN batch b ON b.id = o.id"
                    + " WHERE NOT EXISTS (SELECT 1 FROM ledger.outbox e WHERE e.message_key ="
                    + " o.message_key AND e.published_at IS NULL AND e.id < o.id"
                    + " AND e.id NOT IN (SELECT id FROM batch))"
                    + " ORDER BY o.id")
            .bind(0, settings.batchSize())
            .map(
                r ->
                    new Row(
                        r.get("id", Long.class),
                        new OutboxMessage(
                            r.get("event_id", String.class),
                            r.get("topic", String.class),
                            r.get("message_key", String.class),
                            r.get("event_type", String.class),
                            r.get("subject", String.class),
                            r.get("event_time", OffsetDateTime.class),
                            r.get("payload", String.class)),
                        r.get("created_at", OffsetDateTime.class).toInstant()))
            .all()
            .collectList()
            .flatMap(this::send));
  }

  private Mono<Integer> send(List<Row> rows) {
    if (rows.isEmpty()) {
      return Mono.just(0);
    }
    // KafkaTemplate keeps per-partition order for sends issued in order from one thread
    return Mono.fromCallable(
            () ->
                rows.stream()
                    .map(
                        row ->
                            kafka.send(
                                row.message().topic(), row.message().key(), toEvent(row.message())))
                    .toList())
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            futures ->
                Mono.fromFuture(
                    java.util.concurrent.CompletableFuture.allOf(
                        futures.toArray(java.util.concurrent.CompletableFuture[]::new))))
        .then(
            db.sql(
                    "UPDATE ledger.outbox SET published_at = clock_timestamp() WHERE id = ANY($1::int8[])")
                .bind(0, rows.stream().map(Row::id).toArray(Long[]::new))
                .fetch()
                .rowsUpdated())
        .doOnSuccess(
            n -> {
              Instant now = Instant.now();
              rows.forEach(r -> publishDelay.record(Duration.between(r.createdAt(), now)));
            })
        .thenReturn(rows.size());
  }

  private static Event<?> toEvent(OutboxMessage message) {
    EventType<?> type =
        EventTypes.byCeType(EventType.CE_TYPE_PREFIX + message.eventType())
            .orElseThrow(
                () -> new IllegalStateException("unknown event type " + message.eventType()));
    return message.toEvent(type, PaymentDecisionService.SOURCE);
  }

  /** Publishes until a pass finds fewer rows than a full batch. */
  private Mono<Long> drain() {
    return publishPending()
        .expand(n -> n >= settings.batchSize() ? publishPending() : Mono.empty())
        .reduce(0L, Long::sum)
        .then(updateLag())
        .onErrorResume(
            e -> {
              log.warn("outbox relay pass failed, retrying on next wake-up: {}", e.toString());
              return Mono.just(0L);
            });
  }

  private Mono<Long> updateLag() {
    return db.sql(
            "SELECT COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)) * 1000, 0)"
                + " FROM ledger.outbox WHERE published_at IS NULL")
        .map(r -> r.get(0, java.math.BigDecimal.class))
        .one()
        .map(
            ms -> {
              lagMillis.set(ms.longValue());
              return ms.longValue();
            });
  }

  private Flux<Boolean> notifications() {
    ConnectionFactory raw =
        connectionFactory instanceof Wrapped<?> w && w.unwrap() instanceof ConnectionFactory f
            ? f
            : connectionFactory;
    return Flux.usingWhen(
            Mono.from(raw.create()),
            (Connection c) -> {
              PostgresqlConnection pg = (PostgresqlConnection) c;
              return pg.createStatement("LISTEN " + CHANNEL)
                  .execute()
                  .flatMap(result -> result.getRowsUpdated())
                  .thenMany(pg.getNotifications().map(n -> Boolean.TRUE));
            },
            Connection::close)
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(30)));
  }

  @Override
  public void start() {
    if (!settings.enabled()) {
      return;
    }
    listener = notifications().subscribe(b -> wakeUps.tryEmitNext(b));
    loop =
        Flux.merge(
                wakeUps.asFlux(),
                Flux.interval(Duration.ZERO, settings.fallbackPoll()).map(i -> Boolean.TRUE))
            .onBackpressureLatest()
            .concatMap(b -> drain(), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    if (loop != null) {
      loop.dispose();
    }
    if (listener != null) {
      listener.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isDisposed();
  }

  private record Row(long id, OutboxMessage message, Instant createdAt) {}
}
