package io.paystream.platform.outbox;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import java.util.Objects;

/**
 * One event to publish: what {@link OutboxWriter#enqueueAll} takes when a transaction queues
 * several.
 *
 * @param topic the registry topic; its event type must be the event's
 * @param key the record key (e.g. the card token); records of one key are published in the order
 *     they were enqueued
 * @param event the event; its id ({@code ce_id}) is unique in the table
 * @param <T> the event data type
 */
public record OutboxEntry<T extends Record>(Topic<T> topic, String key, Event<T> event) {

  /**
   * Checks the parts.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the event's type is not the topic's
   */
  public OutboxEntry {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(event, "event");
    if (!topic.eventType().equals(event.type())) {
      throw new IllegalArgumentException(
          "topic "
              + topic.name()
              + " carries "
              + topic.eventType().name()
              + ", not "
              + event.type().name());
    }
  }

  /** An entry for {@code event} on {@code topic} keyed {@code key}. */
  public static <T extends Record> OutboxEntry<T> of(Topic<T> topic, String key, Event<T> event) {
    return new OutboxEntry<>(topic, key, event);
  }
}
