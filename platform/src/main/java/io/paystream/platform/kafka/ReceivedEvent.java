package io.paystream.platform.kafka;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import io.paystream.contracts.serde.EventRejectedException;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * A consumed record as the event its topic carries.
 *
 * @param event the CloudEvent, its data of the topic's type
 * @param topic the record's topic
 * @param partition the record's partition
 * @param offset the record's offset
 * @param recordTime the record's timestamp (producer time unless the topic uses log-append time)
 * @param <T> the topic's event data type
 */
public record ReceivedEvent<T extends Record>(
    Event<T> event, String topic, int partition, long offset, Instant recordTime) {

  private static final LogAccessor LOG = new LogAccessor(ReceivedEvent.class);

  /** The CloudEvent id ({@code ce_id}), the key consumers de-duplicate by. */
  public String id() {
    return event.id();
  }

  /** The event data. */
  public T data() {
    return event.data();
  }

  /**
   * {@code record}'s event as {@code topic}'s type.
   *
   * @throws EventRejectedException if the record did not deserialize (the cause is the {@code
   *     DeserializationException} naming the field when the value deserializer left it in the
   *     headers) or carries another event type; the platform error handler dead-letters it without
   *     retrying
   */
  @SuppressWarnings("unchecked")
  public static <T extends Record> ReceivedEvent<T> of(
      ConsumerRecord<String, Event<?>> record, Topic<T> topic) {
    Event<?> event = record.value();
    Class<T> type = topic.eventType().dataClass();
    if (event == null || !type.isInstance(event.data())) {
      throw notOfType(record, topic);
    }
    return new ReceivedEvent<>(
        (Event<T>) event,
        record.topic(),
        record.partition(),
        record.offset(),
        Instant.ofEpochMilli(record.timestamp()));
  }

  /**
   * {@code event}'s data as {@code topic}'s type, for record listeners that take the event.
   *
   * @throws EventRejectedException if it carries another event type
   */
  public static <T extends Record> T dataOf(Event<?> event, Topic<T> topic) {
    Class<T> type = topic.eventType().dataClass();
    if (event == null || !type.isInstance(event.data())) {
      throw new EventRejectedException(
          "not a " + topic.eventType().ceType() + " record on " + topic.name(),
          List.of(
              "ce_type: expected "
                  + topic.eventType().ceType()
                  + ", got "
                  + (event == null ? "no event" : event.type().ceType())));
    }
    return type.cast(event.data());
  }

  private static EventRejectedException notOfType(
      ConsumerRecord<String, Event<?>> record, Topic<?> topic) {
    String expected = topic.eventType().ceType();
    if (record.value() == null) {
      DeserializationException cause =
          SerializationUtils.getExceptionFromHeader(
              record, SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
      String message = "record is not a readable " + expected;
      return cause != null
          ? new EventRejectedException(message, cause)
          : new EventRejectedException(message, List.of("value: null"));
    }
    return new EventRejectedException(
        "not a " + expected + " record on " + topic.name(),
        List.of("ce_type: expected " + expected + ", got " + record.value().type().ceType()));
  }
}
