package io.paystream.platform.kafka;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes paystream events to their registry topic from reactive code: {@link KafkaTemplate}'s
 * {@code CompletableFuture} as a {@link Mono}, bounded by {@code paystream.kafka.send-timeout}.
 *
 * <p>The send happens on the bounded-elastic scheduler because {@code KafkaProducer.send} may block
 * the caller while it fetches topic metadata (up to {@code max.block.ms}); an event-loop thread
 * must never wait on it. The record carries the key given, the event in CloudEvents binary mode and
 * the current trace context ({@code traceparent}) when observation is on.
 */
public class EventPublisher {

  private final KafkaTemplate<String, Event<?>> template;
  private final Duration sendTimeout;

  public EventPublisher(KafkaTemplate<String, Event<?>> template, Duration sendTimeout) {
    this.template = Objects.requireNonNull(template, "template");
    this.sendTimeout = Objects.requireNonNull(sendTimeout, "sendTimeout");
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
    return Mono.defer(() -> Mono.fromFuture(template.send(topic.name(), key, event)))
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
}
