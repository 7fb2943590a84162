package io.paystream.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paystream.contracts.serde.EventJson;
import io.paystream.platform.postgres.PostgresNotifications;
import io.paystream.platform.reactive.Deadlines;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Publishes the rows {@link OutboxWriter} queued, after their transaction committed, and deletes
 * each row once the broker acknowledged it ({@code acks=all}). Safe with several replicas on one
 * table; at-least-once (a crash between the acknowledgement and the delete's commit sends the row
 * again with the same {@code ce_id}, which consumers drop).
 *
 * <p>One pass, in one transaction: {@code SET LOCAL statement_timeout}; claim up to {@code
 * batch-size} of the oldest rows with {@code FOR UPDATE SKIP LOCKED} (rows another replica holds
 * are skipped); hold back a row while an older row of its key exists outside the claim (held by
 * another replica); send the rest in <em>waves</em>, the k-th wave carrying the k-th row of every
 * key, each wave only after the previous one was acknowledged, and a key stops at its first
 * failure, so a later row of a key is never sent before an earlier one was acknowledged; delete the
 * acknowledged rows; commit. A pass with a failure (database, broker, timeout) is followed by
 * another after a doubling back-off ({@code initial-backoff} … {@code max-backoff}); rows are never
 * dropped.
 *
 * <p>Passes are woken by PostgreSQL {@code LISTEN <channel>} (the writer's {@code pg_notify},
 * delivered at commit) on a dedicated connection, by a fallback poll every {@code fallback-poll},
 * and continue at once while passes come back full.
 *
 * <p>Meters ({@code <prefix>} = {@code metric-prefix}): {@code <prefix>.lag} gauge, seconds: age of
 * the oldest row, measured by its own poll so that it keeps growing when passes hang (and, while
 * the table cannot be read, counted from the last reading that could); {@code
 * <prefix>.publish.delay} timer, insert to acknowledgement; {@code <prefix>.published} counter of
 * rows; {@code <prefix>.failures} counter of failed passes.
 */
public class OutboxRelay implements SmartLifecycle, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration HELD_BACK_RECHECK = Duration.ofMillis(100);

  private final ConnectionFactory connectionFactory;
  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final KafkaTemplate<String, byte[]> kafka;
  private final boolean ownsProducer;
  private final OutboxProperties settings;
  private final Clock clock;
  private final String claim;
  private final String delete;
  private final String oldest;
  private final AtomicReference<Instant> oldestRow = new AtomicReference<>();
  private final AtomicReference<Instant> lastReading = new AtomicReference<>(Instant.now());
  private final Timer publishDelay;
  private final Counter published;
  private final Counter failures;
  private volatile Disposable loop;
  private volatile Disposable lagPoll;

  /**
   * A relay over {@code settings.table()}.
   *
   * @param connectionFactory the application's (pooled) factory; the {@code LISTEN} connection is
   *     opened on the factory it wraps, outside the pool
   * @param kafka a byte-array-valued template; its producer should be {@code acks=all} and
   *     idempotent
   * @param ownsProducer destroy the template's producer factory when the relay is destroyed
   * @param settings table, channel, batch size, intervals, timeouts, metric prefix
   * @param meters where the relay's meters go
   */
  public OutboxRelay(
      ConnectionFactory connectionFactory,
      KafkaTemplate<String, byte[]> kafka,
      boolean ownsProducer,
      OutboxProperties settings,
      MeterRegistry meters) {
    this.connectionFactory = connectionFactory;
    this.db = DatabaseClient.create(connectionFactory);
    this.tx = TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory));
    this.kafka = kafka;
    this.ownsProducer = ownsProducer;
    this.settings = settings;
    this.clock = Clock.systemUTC();
    String table = settings.table();
    this.claim =
        "WITH batch AS (SELECT id FROM "
            + table
            + " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)"
            + " SELECT o.id, o.topic, o.message_key, o.headers::text AS headers, o.payload,"
            + " o.created_at, NOT EXISTS (SELECT 1 FROM "
            + table
            + " e WHERE e.message_key = o.message_key AND e.id < o.id"
            + " AND e.id NOT IN (SELECT id FROM batch)) AS ready"
            + " FROM "
            + table
            + " o JOIN batch b ON b.id = o.id ORDER BY o.id";
    this.delete = "DELETE FROM " + table + " WHERE id = ANY($1::int8[])";
    this.oldest = "SELECT created_at FROM " + table + " ORDER BY id LIMIT 1";
    String prefix = settings.metricPrefix();
    Gauge.builder(prefix + ".lag", oldestRow, this::lagSeconds)
        .description("Age of the oldest outbox row not yet published")
        .baseUnit("seconds")
        .tag("table", table)
        .register(meters);
    this.publishDelay =
        Timer.builder(prefix + ".publish.delay")
            .description("Outbox row insert to Kafka acknowledgement")
            .tag("table", table)
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .register(meters);
    this.published =
        Counter.builder(prefix + ".published")
            .description("Outbox rows published and deleted")
            .tag("table", table)
            .register(meters);
    this.failures =
        Counter.builder(prefix + ".failures")
            .description("Failed outbox relay passes (retried after a back-off)")
            .tag("table", table)
            .register(meters);
  }

  /**
   * What one pass did.
   *
   * @param claimed rows locked ({@code FOR UPDATE SKIP LOCKED})
   * @param published rows acknowledged by the broker and deleted
   * @param heldBack claimed rows not sent because an older row of their key is held elsewhere
   * @param failed rows not acknowledged (they and the later rows of their key stay)
   */
  public record Pass(int claimed, int published, int heldBack, int failed) {}

  /**
   * One pass (see the class comment). Public for tests and tools; the running relay calls it.
   *
   * @return what the pass did; fails with {@link OutboxRelayException} after committing the
   *     acknowledged rows' delete when some rows could not be sent, or with the database error or
   *     {@code TimeoutException} (after rolling back: the claimed rows are sent again later)
   */
  public Mono<Pass> relayOnce() {
    return tx.transactional(
            bounded(
                    db.sql(
                            "SET LOCAL statement_timeout = "
                                + Math.max(1, settings.statementTimeout().toMillis()))
                        .then())
                .then(bounded(claimRows()))
                .flatMap(this::publishAndDelete))
        .flatMap(
            r ->
                r.error() == null
                    ? Mono.just(r.pass())
                    : Mono.error(
                        new OutboxRelayException(
                            r.pass().failed() + " outbox rows not acknowledged", r.error())));
  }

  private Mono<List<Row>> claimRows() {
    return db.sql(claim)
        .bind(0, settings.batchSize())
        .map(
            r ->
                new Row(
                    r.get("id", Long.class),
                    r.get("topic", String.class),
                    r.get("message_key", String.class),
                    r.get("headers", String.class),
                    r.get("payload", byte[].class),
                    r.get("created_at", OffsetDateTime.class).toInstant(),
                    Boolean.TRUE.equals(r.get("ready", Boolean.class))))
        .all()
        .collectList();
  }

  private Mono<PassResult> publishAndDelete(List<Row> claimed) {
    List<Row> ready = claimed.stream().filter(Row::ready).toList();
    int heldBack = claimed.size() - ready.size();
    if (ready.isEmpty()) {
      return Mono.just(new PassResult(new Pass(claimed.size(), 0, heldBack, 0), null));
    }
    Map<String, Deque<Row>> byKey = new LinkedHashMap<>();
    for (Row row : ready) {
      byKey.computeIfAbsent(row.key(), k -> new ArrayDeque<>()).add(row);
    }
    Sent sent = new Sent(new ArrayList<>(), new ArrayList<>());
    return waves(byKey, sent)
        .then(
            Mono.defer(
                () ->
                    sent.acked().isEmpty()
                        ? Mono.just(0L)
                        : bounded(
                            db.sql(delete)
                                .bind(0, sent.acked().stream().map(Row::id).toArray(Long[]::new))
                                .fetch()
                                .rowsUpdated())))
        .map(
            deleted -> {
              int failed = ready.size() - sent.acked().size();
              Throwable error = sent.errors().isEmpty() ? null : sent.errors().getFirst();
              if (error == null && failed > 0) {
                error = new IllegalStateException(failed + " rows not sent");
              }
              return new PassResult(
                  new Pass(claimed.size(), sent.acked().size(), heldBack, failed), error);
            });
  }

  /** Sends the first row of every key, waits, then the next rows of the keys that succeeded. */
  private Mono<Void> waves(Map<String, Deque<Row>> byKey, Sent sent) {
    if (byKey.isEmpty()) {
      return Mono.empty();
    }
    List<Row> wave = new ArrayList<>(byKey.size());
    for (Deque<Row> rows : byKey.values()) {
      wave.add(rows.peekFirst());
    }
    wave.sort(Comparator.comparingLong(Row::id));
    return sendWave(wave)
        .flatMap(
            results -> {
              Instant now = clock.instant();
              for (int i = 0; i < wave.size(); i++) {
                Row row = wave.get(i);
                Throwable failure = results.get(i);
                if (failure == null) {
                  sent.acked().add(row);
                  publishDelay.record(Duration.between(row.createdAt(), now));
                  published.increment();
                  Deque<Row> rest = byKey.get(row.key());
                  rest.pollFirst();
                  if (rest.isEmpty()) {
                    byKey.remove(row.key());
                  }
                } else {
                  sent.errors().add(failure);
                  byKey.remove(row.key()); // the key stops here; its rows stay in the table
                }
              }
              return waves(byKey, sent);
            });
  }

  /**
   * Sends {@code wave} and waits at most {@code send-timeout}.
   *
   * @return per row, null when acknowledged, else why not
   */
  private Mono<List<Throwable>> sendWave(List<Row> wave) {
    return Mono.fromCallable(
            () -> {
              List<CompletableFuture<SendResult<String, byte[]>>> futures =
                  new ArrayList<>(wave.size());
              for (Row row : wave) {
                try {
                  futures.add(kafka.send(row.toRecord()));
                } catch (RuntimeException e) { // e.g. metadata not available within max.block.ms
                  futures.add(CompletableFuture.failedFuture(e));
                }
              }
              return futures;
            })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            futures ->
                Deadlines.within(
                        Mono.fromFuture(
                                CompletableFuture.allOf(
                                    futures.toArray(CompletableFuture<?>[]::new)),
                                true)
                            .onErrorResume(e -> Mono.empty())
                            .then(Mono.just(Boolean.TRUE)),
                        settings.sendTimeout())
                    .onErrorResume(e -> Mono.just(Boolean.FALSE))
                    .map(
                        allDone -> {
                          List<Throwable> results = new ArrayList<>(futures.size());
                          for (CompletableFuture<?> f : futures) {
                            results.add(outcome(f));
                          }
                          return results;
                        }));
  }

  private Throwable outcome(CompletableFuture<?> future) {
    if (!future.isDone()) {
      return new java.util.concurrent.TimeoutException(
          "no acknowledgement within " + settings.sendTimeout().toMillis() + " ms");
    }
    try {
      future.join();
      return null;
    } catch (RuntimeException e) {
      return e.getCause() != null ? e.getCause() : e;
    }
  }

  private <T> Mono<T> bounded(Mono<T> statement) {
    return Deadlines.within(statement, settings.statementTimeout());
  }

  /** Passes until one comes back not full; failures back off and retry, forever. */
  private Mono<Void> drain() {
    return Mono.defer(this::relayOnce)
        .expand(
            p -> {
              if (p.claimed() >= settings.batchSize()) {
                return relayOnce();
              }
              if (p.heldBack() > 0) { // another replica holds an older row of the key: soon free
                return Mono.delay(HELD_BACK_RECHECK).then(relayOnce());
              }
              return Mono.empty();
            })
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, settings.initialBackoff())
                .maxBackoff(settings.maxBackoff())
                .transientErrors(true)
                .doBeforeRetry(
                    s -> {
                      failures.increment();
                      log.warn(
                          "outbox relay pass on {} failed (attempt {}), retrying after a back-off:"
                              + " {}",
                          settings.table(),
                          s.totalRetriesInARow() + 1,
                          s.failure().toString());
                    }))
        .then();
  }

  /**
   * Refreshes the lag gauge's oldest-row time. When the table cannot be read (a hung or failed
   * statement, no connection), the gauge keeps moving: the last oldest row stays and ages, and if
   * the table was empty at the last reading, the gauge counts from that reading, since rows written
   * after it cannot be seen (an unreadable table counts as lagging, so the lag alert fires).
   */
  private Mono<Void> measureLag() {
    return bounded(
            db.sql(oldest).map(r -> r.get("created_at", OffsetDateTime.class).toInstant()).one())
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .doOnNext(
            o -> {
              oldestRow.set(o.orElse(null));
              lastReading.set(clock.instant());
            })
        .then()
        .onErrorResume(
            e -> {
              oldestRow.compareAndSet(null, lastReading.get());
              log.debug("outbox lag query failed: {}", e.toString());
              return Mono.empty();
            });
  }

  private double lagSeconds(AtomicReference<Instant> oldestRef) {
    Instant at = oldestRef.get();
    return at == null
        ? 0.0
        : Math.max(0, Duration.between(at, clock.instant()).toMillis()) / 1000.0;
  }

  /** Wake-ups from {@code LISTEN}: one when (re)connected (a notification may have been missed). */
  private Flux<Boolean> notifications() {
    return PostgresNotifications.listen(
            connectionFactory, settings.channel(), "outbox " + settings.table())
        .map(n -> Boolean.TRUE);
  }

  @Override
  public synchronized void start() {
    if (loop != null && !loop.isDisposed()) {
      return;
    }
    lastReading.set(clock.instant());
    lagPoll =
        Flux.interval(Duration.ZERO, settings.fallbackPoll())
            .onBackpressureDrop()
            .concatMap(i -> measureLag(), 1)
            .subscribe();
    loop =
        Flux.merge(
                notifications(),
                Flux.interval(Duration.ZERO, settings.fallbackPoll()).map(i -> Boolean.TRUE))
            .onBackpressureLatest()
            .concatMap(b -> drain().then(measureLag()).thenReturn(b), 1)
            .subscribe(
                b -> {},
                e -> log.error("outbox relay on {} stopped: {}", settings.table(), e.toString()));
    log.info(
        "outbox relay on {} started (LISTEN {}, fallback poll {} ms, batch {})",
        settings.table(),
        settings.channel(),
        settings.fallbackPoll().toMillis(),
        settings.batchSize());
  }

  @Override
  public synchronized void stop() {
    if (loop != null) {
      loop.dispose();
    }
    if (lagPoll != null) {
      lagPoll.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    Disposable current = loop;
    return current != null && !current.isDisposed();
  }

  @Override
  public void destroy() {
    stop();
    if (ownsProducer && kafka.getProducerFactory() instanceof DisposableBean factory) {
      try {
        factory.destroy();
      } catch (Exception e) {
        log.warn("closing the outbox producer failed: {}", e.toString());
      }
    }
  }

  /** A claimed row. */
  private record Row(
      long id,
      String topic,
      String key,
      String headersJson,
      byte[] payload,
      Instant createdAt,
      boolean ready) {

    ProducerRecord<String, byte[]> toRecord() {
      RecordHeaders headers = new RecordHeaders();
      String[][] pairs = EventJson.mapper().readValue(headersJson, String[][].class);
      for (String[] pair : pairs) {
        headers.add(pair[0], pair[1].getBytes(StandardCharsets.UTF_8));
      }
      return new ProducerRecord<>(topic, null, key, payload, headers);
    }
  }

  private record Sent(List<Row> acked, List<Throwable> errors) {}

  private record PassResult(Pass pass, Throwable error) {}

  /** Some claimed rows could not be published; they stay in the table and are retried. */
  public static class OutboxRelayException extends RuntimeException {
    OutboxRelayException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
