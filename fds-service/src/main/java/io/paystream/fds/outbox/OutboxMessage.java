package io.paystream.fds.outbox;

import io.paystream.contracts.Event;
import io.paystream.contracts.EventType;
import io.paystream.contracts.Topic;
import io.paystream.contracts.serde.EventJson;
import java.time.OffsetDateTime;

/**
 * A row of {@code ledger.outbox}: an event to publish once its transaction committed.
 *
 * @param eventId the CloudEvents {@code ce_id}, deterministic ({@code <paymentId>:<sequence>} for a
 *     decision, {@code <paymentId>:<sequence>:verification} for a verification request) so that a
 *     re-publish carries the same id
 * @param topic topic name
 * @param key record key (the card token)
 * @param eventType logical event type name, e.g. {@code payment.decided.v1}
 * @param subject {@code ce_subject}: the payment id
 * @param time {@code ce_time}
 * @param payloadJson the event data as JSON
 */
public record OutboxMessage(
    String eventId,
    String topic,
    String key,
    String eventType,
    String subject,
    OffsetDateTime time,
    String payloadJson) {

  /** An outbox row for {@code event} on {@code topic} keyed {@code key}. */
  public static <T extends Record> OutboxMessage of(Topic<T> topic, String key, Event<T> event) {
    return new OutboxMessage(
        event.id(),
        topic.name(),
        key,
        event.type().name(),
        event.subject(),
        event.time(),
        EventJson.mapper().writeValueAsString(event.data()));
  }

  /** This row back as an event of {@code type}. */
  public <T extends Record> Event<T> toEvent(EventType<T> type, java.net.URI source) {
    T data = EventJson.mapper().readValue(payloadJson, type.dataClass());
    return new Event<>(eventId, source, type, time, subject, data);
  }
}
