package io.paystream.verification.outbox;

import io.paystream.contracts.Event;
import io.paystream.verification.config.VerificationProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once acknowledged ({@code acks=all}).
 * Each pass locks a batch with {@code FOR UPDATE SKIP LOCKED}, so several replicas relay disjoint
 * rows; a crash between send and delete re-sends the row with the same event id, which consumers
 * drop as a duplicate (at-least-once).
 */
@Component
public class OutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private final OutboxRepository outbox;
  private final KafkaTemplate<String, Event<?>> kafka;
  private final TransactionalOperator tx;
  private final VerificationProperties.Outbox settings;
  private final AtomicBoolean running = new AtomicBoolean();
  private Disposable loop;

  public OutboxRelay(
      OutboxRepository outbox,
      KafkaTemplate<String, Event<?>> kafka,
      TransactionalOperator tx,
      VerificationProperties properties) {
    this.outbox = outbox;
    this.kafka = kafka;
    this.tx = tx;
    this.settings = properties.outbox();
  }

  /** One pass: publishes and deletes up to one batch; emits how many rows were published. */
  public Mono<Integer> relayOnce() {
    return outbox
        .lockBatch(settings.batchSize())
        .concatMap(
            row ->
                Mono.defer(() -> Mono.fromFuture(kafka.send(row.topic(), row.key(), row.event())))
                    .subscribeOn(Schedulers.boundedElastic())
                    .timeout(SEND_TIMEOUT)
                    .thenReturn(row.id()))
        .collectList()
        .flatMap(ids -> outbox.delete(ids).thenReturn(ids.size()))
        .as(tx::transactional);
  }

  @Override
  public void start() {
    if (running.compareAndSet(false, true)) {
      loop =
          Flux.interval(settings.pollInterval())
              .onBackpressureDrop()
              .concatMap(
                  tick ->
                      relayOnce()
                          .onErrorResume(
                              e -> {
                                log.warn("outbox relay pass failed: {}", e.toString());
                                return Mono.empty();
                              }),
                  1)
              .subscribe();
    }
  }

  @Override
  public void stop() {
    if (running.compareAndSet(true, false) && loop != null) {
      loop.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    return running.get();
  }
}
