package io.paystream.platform.kafka;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import io.paystream.contracts.serde.EventRejectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one batch-consumer skeleton: records → typed events → effect in a transaction → return, after
 * which the container commits the batch's offsets (ack mode {@code BATCH}). A {@code @KafkaListener
 * (batch = "true")} method hands its records to {@link #inOneTransaction} or {@link
 * #eachInItsOwnTransaction} and nothing else.
 *
 * <p>Failures always leave as a {@link BatchListenerFailedException} naming the first record that
 * was not processed, so the platform error handler commits the records before it and retries from
 * it, as {@link ConsumerFailures} classifies the cause:
 *
 * <ul>
 *   <li>a record that is not the topic's event type, did not deserialize, or that {@link
 *       #rejecting} turns down: the records before it are processed first, then it goes to {@code
 *       <topic>-<group>-dlt} at once with its reason ({@link EventRejectedException}); the records
 *       after it are delivered again;
 *   <li>a transient failure (database, broker, timeout): the whole remaining batch is delivered
 *       again after the transient back-off, until it succeeds: nothing is dead-lettered;
 *   <li>any other failure of a whole-batch transaction: the records are run again one by one, each
 *       in its own transaction, to find the one that fails alone; only that one gets the bounded
 *       retries and then the dead-letter topic, the others are processed.
 * </ul>
 *
 * The effect must be idempotent by event id ({@link ReceivedEvent#id()}, e.g. {@code
 * processed_events} in the same transaction): after a failure, records that were already applied
 * are delivered again.
 *
 * @param <T> the topic's event data type
 */
public final class BatchConsumer<T extends Record> {

  private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);

  private final Topic<T> topic;
  private final Duration timeout;
  private final Function<? super T, String> rejection;

  private BatchConsumer(Topic<T> topic, Duration timeout, Function<? super T, String> rejection) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.rejection = Objects.requireNonNull(rejection, "rejection");
  }

  /**
   * A skeleton for records of {@code topic}.
   *
   * @param timeout how long one call waits for the effect; past it the attempt counts as a
   *     transient failure ({@code TimeoutException}) and is retried. Keep it above the R2DBC
   *     statement timeout times the statements of one effect, and well below {@code
   *     max.poll.interval.ms}.
   */
  public static <T extends Record> BatchConsumer<T> of(Topic<T> topic, Duration timeout) {
    return new BatchConsumer<>(topic, timeout, data -> null);
  }

  /**
   * A copy that also turns down events for which {@code reason} returns a non-null text (a
   * per-record domain rejection: dead-lettered with that reason, never retried).
   */
  public BatchConsumer<T> rejecting(Function<? super T, String> reason) {
    return new BatchConsumer<>(topic, timeout, reason);
  }

  /**
   * Applies the usable records of the batch with one call of {@code transaction} (one database
   * transaction), then reports the first unusable record, if any.
   *
   * @param transaction the effect of a list of events, in record order; must be idempotent by event
   *     id
   * @throws BatchListenerFailedException on any failure, see the class comment
   */
  public void inOneTransaction(
      List<ConsumerRecord<String, Event<?>>> records,
      Function<List<ReceivedEvent<T>>, Mono<?>> transaction) {
    Typed<T> typed = typed(records);
    List<ReceivedEvent<T>> good = typed.good();
    if (!good.isEmpty()) {
      try {
        await(transaction.apply(good));
      } catch (RuntimeException e) {
        if (ConsumerFailures.isTransient(e)) {
          throw new BatchListenerFailedException(
              "batch of " + good.size() + " failed transiently: " + ConsumerRetryReporter.reason(e),
              e,
              0);
        }
        isolate(good, transaction, e);
      }
    }
    typed.throwRejection();
  }

  /**
   * Applies each usable record with its own call of {@code effect} (its own transaction), in record
   * order, then reports the first unusable record, if any.
   *
   * @throws BatchListenerFailedException on any failure, see the class comment
   */
  public void eachInItsOwnTransaction(
      List<ConsumerRecord<String, Event<?>>> records, Function<ReceivedEvent<T>, Mono<?>> effect) {
    eachInItsOwnTransaction(records, data -> "", 1, effect);
  }

  /**
   * Applies each usable record with its own call of {@code effect} (its own transaction): records
   * of one {@code orderKey} one after the other in record order, up to {@code concurrency} keys at
   * a time. A failed record stops its key; the first failed record of the batch (by index) is
   * reported and the batch is delivered again from it.
   *
   * @throws BatchListenerFailedException on any failure, see the class comment
   */
  public void eachInItsOwnTransaction(
      List<ConsumerRecord<String, Event<?>>> records,
      Function<? super T, String> orderKey,
      int concurrency,
      Function<ReceivedEvent<T>, Mono<?>> effect) {
    Typed<T> typed = typed(records);
    List<ReceivedEvent<T>> good = typed.good();
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < good.size(); i++) {
      byKey.computeIfAbsent(orderKey.apply(good.get(i).data()), k -> new ArrayList<>()).add(i);
    }
    Failure failure;
    try {
      failure =
          Flux.fromIterable(byKey.values())
              .flatMap(
                  indexes ->
                      Flux.fromIterable(indexes)
                          .concatMap(
                              i ->
                                  Mono.defer(() -> effect.apply(good.get(i)))
                                      .then(Mono.<Failure>empty())
                                      .onErrorResume(e -> Mono.just(new Failure(i, e))))
                          .next(),
                  Math.max(1, concurrency))
              .reduce((a, b) -> a.index() <= b.index() ? a : b)
              .block(timeout);
    } catch (RuntimeException e) {
      throw new BatchListenerFailedException("batch of " + good.size() + " did not complete", e, 0);
    }
    if (failure != null) {
      throw new BatchListenerFailedException(
          "could not apply "
              + good.get(failure.index()).id()
              + ": "
              + ConsumerRetryReporter.reason(failure.error()),
          failure.error(),
          failure.index());
    }
    typed.throwRejection();
  }

  /** Runs the records one at a time to find the one that fails alone. */
  private void isolate(
      List<ReceivedEvent<T>> good,
      Function<List<ReceivedEvent<T>>, Mono<?>> transaction,
      RuntimeException batchFailure) {
    log.warn(
        "a batch of {} from {} failed as a whole ({}); applying its records one at a time",
        good.size(),
        topic.name(),
        ConsumerRetryReporter.reason(batchFailure));
    for (int i = 0; i < good.size(); i++) {
      try {
        await(transaction.apply(List.of(good.get(i))));
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException(
            "could not apply " + good.get(i).id() + ": " + ConsumerRetryReporter.reason(e), e, i);
      }
    }
  }

  private void await(Mono<?> effect) {
    Objects.requireNonNull(effect, "effect returned null").block(timeout);
  }

  /** The records up to the first unusable one, as events. */
  private Typed<T> typed(List<ConsumerRecord<String, Event<?>>> records) {
    List<ReceivedEvent<T>> good = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        ReceivedEvent<T> event = ReceivedEvent.of(records.get(i), topic);
        String reason = rejection.apply(event.data());
        if (reason != null) {
          throw new EventRejectedException(
              "rejected " + topic.eventType().ceType() + " " + event.id(), List.of(reason));
        }
        good.add(event);
      } catch (EventRejectedException e) {
        return new Typed<>(good, i, e);
      } catch (RuntimeException e) { // a rule that cannot judge the event: unusable as it is
        return new Typed<>(
            good,
            i,
            new EventRejectedException(
                "unusable " + topic.eventType().ceType() + " record", List.of(e.toString())));
      }
    }
    return new Typed<>(good, -1, null);
  }

  private record Typed<T extends Record>(
      List<ReceivedEvent<T>> good, int rejectedIndex, EventRejectedException rejection) {
    void throwRejection() {
      if (rejectedIndex >= 0) {
        throw new BatchListenerFailedException(rejection.getMessage(), rejection, rejectedIndex);
      }
    }
  }

  private record Failure(int index, Throwable error) {}
}
