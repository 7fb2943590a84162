package io.paystream.platform.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes paystream events to their registry topic from reactive code: {@link KafkaTemplate}'s
 * {@code CompletableFuture} as a {@link Mono}, bounded by {@code paystream.kafka.send-timeout}.
 *
 * <p>The send happens on the bounded-elastic scheduler because {@code KafkaProducer.send} may block
 * the caller while it fetches topic metadata (up to {@code max.block.ms}); an event-loop thread
 * must never wait on it. The record carries the key given, the event in CloudEvents binary mode and
 * the caller's trace context ({@code traceparent}, baggage such as {@code X-Request-Id}) when
 * observation is on: because the send hops to another thread, the caller's observation is carried
 * over explicitly, taken from the Reactor context ({@link ObservationThreadLocalAccessor#KEY},
 * where WebFlux puts the request's observation) or else from the thread that called {@link
 * #publish}, and opened around {@code KafkaTemplate.send} so the template's producer span is its
 * child.
 */
public class EventPublisher {

  private final KafkaTemplate<String, Event<?>> template;
  private final Duration sendTimeout;
  private final ObservationRegistry observationRegistry;

  /** A publisher that does not carry a caller's observation over to the sending thread. */
  public EventPublisher(KafkaTemplate<String, Event<?>> template, Duration sendTimeout) {
    this(template, sendTimeout, ObservationRegistry.NOOP);
  }

  /**
   * A publisher whose records continue the caller's trace.
   *
   * @param observationRegistry the registry the application's observations (and the template's)
   *     live in; {@link ObservationRegistry#NOOP} when there is none
   */
  public EventPublisher(
      KafkaTemplate<String, Event<?>> template,
      Duration sendTimeout,
      ObservationRegistry observationRegistry) {
    this.template = Objects.requireNonNull(template, "template");
    this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
    this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
  }

  /**
   * Sends {@code event} to {@code topic} with {@code key} (the topic's documented key, e.g. the
   * card id) and completes when the broker acknowledged it ({@code acks=all}).
   *
   * @return the record's partition and offset; fails with {@link EventPublishException} when Kafka
   *     is unavailable, refuses the record or does not answer within the send timeout
   */
  public <T extends Record> Mono<RecordMetadata> publish(
      Topic<T> topic, String key, Event<T> event) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(event, "event");
    Observation caller = observationRegistry.getCurrentObservation();
    return Mono.deferContextual(
            context ->
                Mono.fromFuture(
                    send(
                        context.getOrDefault(ObservationThreadLocalAccessor.KEY, caller),
                        topic.name(),
                        key,
                        event)))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(sendTimeout)
        .map(result -> result.getRecordMetadata())
        .onErrorMap(
            e -> !(e instanceof EventPublishException),
            e ->
                new EventPublishException(
                    topic.name(),
                    e instanceof TimeoutException
                        ? "Kafka did not acknowledge event "
                            + event.id()
                            + " on "
                            + topic.name()
                            + " within "
                            + sendTimeout.toMillis()
                            + " ms"
                        : "could not publish event "
                            + event.id()
                            + " to "
                            + topic.name()
                            + ": "
                            + e.getMessage(),
                    e));
  }

  private CompletableFuture<SendResult<String, Event<?>>> send(
      Observation parent, String topic, String key, Event<?> event) {
    if (parent == null || parent.isNoop()) {
      return template.send(topic, key, event);
    }
    try (Observation.Scope scope = parent.openScope()) {
      return template.send(topic, key, event);
    }
  }
}
