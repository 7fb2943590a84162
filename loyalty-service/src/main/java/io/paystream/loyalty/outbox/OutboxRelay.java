package io.paystream.loyalty.outbox;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import io.paystream.contracts.Topics;
import io.paystream.contracts.serde.EventJson;
import io.paystream.loyalty.config.LoyaltyProperties;
import io.paystream.loyalty.visit.VisitCountingService;
import io.paystream.platform.kafka.EventPublisher;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Publishes {@code loyalty.outbox} rows after their transaction committed. Each pass, in one
 * transaction: lock the oldest unpublished rows ({@code FOR UPDATE SKIP LOCKED}, safe with several
 * replicas), publish them through the platform {@link EventPublisher} (awaiting {@code acks=all}),
 * mark them published. A crash between publish and commit re-publishes the same event id; the
 * notification's dedup key makes notification-service send it once. Woken after every commit that
 * queued a row ({@link #wakeUp()}) and by a fallback poll.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final OutboxRepository outbox;
  private final EventPublisher publisher;
  private final TransactionalOperator tx;
  private final LoyaltyProperties.Outbox settings;
  private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
  private volatile Disposable loop;

  public OutboxRelay(
      OutboxRepository outbox,
      EventPublisher publisher,
      TransactionalOperator tx,
      LoyaltyProperties properties) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.tx = tx;
    this.settings = properties.outbox();
  }

  /** Asks for a pass soon (after a commit that queued a row). */
  public void wakeUp() {
    wakeUps.tryEmitNext(Boolean.TRUE);
  }

  /**
   * One pass.
   *
   * @return rows published
   */
  public Mono<Integer> publishPending() {
    return tx.transactional(
        outbox
            .lockPending(settings.batchSize())
            .flatMap(
                rows ->
                    Flux.fromIterable(rows)
                        .concatMap(this::publish)
                        .then(
                            rows.isEmpty()
                                ? Mono.just(0L)
                                : outbox.markPublished(
                                    rows.stream().map(OutboxRepository.OutboxRow::id).toList()))
                        .thenReturn(rows.size())));
  }

  private Mono<?> publish(OutboxRepository.OutboxRow row) {
    Topic<?> topic =
        Topics.byName(row.topic())
            .orElseThrow(() -> new IllegalStateException("unknown topic " + row.topic()));
    return publish(topic, row);
  }

  private <T extends Record> Mono<?> publish(Topic<T> topic, OutboxRepository.OutboxRow row) {
    T data = EventJson.mapper().readValue(row.payload(), topic.eventType().dataClass());
    Event<T> event =
        new Event<>(
            row.eventId(),
            VisitCountingService.SOURCE,
            topic.eventType(),
            row.eventTime(),
            row.subject(),
            data);
    return publisher.publish(topic, row.key(), event);
  }

  private Mono<Integer> drain() {
    return publishPending()
        .expand(n -> n >= settings.batchSize() ? publishPending() : Mono.empty())
        .reduce(0, Integer::sum)
        .onErrorResume(
            e -> {
              log.warn("outbox relay pass failed, retrying on the next wake-up: {}", e.toString());
              return Mono.just(0);
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
}
