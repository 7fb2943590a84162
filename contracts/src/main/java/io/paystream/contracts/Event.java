package io.paystream.contracts;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event with typed data: what producers send and consumers receive. On Kafka it
 * travels in binary mode: the attributes as {@code ce_*} headers, the data as JSON in the value.
 *
 * @param id {@code ce_id}: unique per event; producers derive it from the business fact (e.g. the
 *     payment id, or {@code <paymentId>:<sequence>}) so a re-publish carries the same id and
 *     consumers can drop duplicates by it
 * @param source {@code ce_source}: the producing service, e.g. {@code /paystream/payment-api}
 * @param type the event type; its {@code ceType()} is the {@code ce_type} header
 * @param time {@code ce_time}: when the fact happened
 * @param subject {@code ce_subject}: the business object, e.g. the payment id; may be {@code null}
 * @param data the event data
 * @param <T> the data record type
 */
public record Event<T extends Record>(
    String id, URI source, EventType<T> type, OffsetDateTime time, String subject, T data) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(data, "data");
    if (!type.dataClass().isInstance(data)) {
      throw new IllegalArgumentException(
          "data is "
              + data.getClass().getName()
              + ", type "
              + type.name()
              + " needs "
              + type.dataClass().getName());
    }
  }

  /**
   * An event of the type registered for {@code data}'s class, timed now.
   *
   * @throws IllegalArgumentException if {@code data} is not an event data record
   */
  @SuppressWarnings("unchecked")
  public static <T extends Record> Event<T> of(String id, URI source, String subject, T data) {
    EventType<T> type = EventTypes.forDataClass((Class<T>) data.getClass());
    return new Event<>(id, source, type, OffsetDateTime.now(ZoneOffset.UTC), subject, data);
  }

  /** The {@code ce_source} of a paystream service: {@code /paystream/<service>}. */
  public static URI sourceOf(String service) {
    return URI.create("/paystream/" + service);
  }

  /**
   * This event's data as {@code dataClass}.
   *
   * @throws ClassCastException if the event carries another type
   */
  public <D extends Record> D dataAs(Class<D> dataClass) {
    return dataClass.cast(data);
  }
}
