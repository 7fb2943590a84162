package io.paystream.verification.outbox;

import io.paystream.contracts.Event;
import io.paystream.contracts.EventType;
import io.paystream.contracts.EventTypes;
import io.paystream.contracts.Topic;
import io.paystream.contracts.serde.EventJson;
import io.r2dbc.postgresql.codec.Json;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code verification.outbox}: events written in the same transaction as the state change that
 * caused them, published later by {@link OutboxRelay}.
 */
@Repository
public class OutboxRepository {

  private final DatabaseClient db;

  public OutboxRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Adds an event to the outbox, inside the caller's transaction. A second row with the same event
   * id is ignored (the effect that produced it was a duplicate).
   */
  public <T extends Record> Mono<Void> add(Topic<T> topic, String key, Event<T> event) {
    return db.sql(
            """
            INSERT INTO verification.outbox
              (event_id, event_type, topic, record_key, subject, event_time, data)
            VALUES (:id, :type, :topic, :key, :subject, :time, :data)
            ON CONFLICT (event_id) DO NOTHING
            """)
        .bind("id", event.id())
        .bind("type", event.type().name())
        .bind("topic", topic.name())
        .bind("key", key)
        .bind("subject", event.subject() == null ? "" : event.subject())
        .bind("time", event.time())
        .bind("data", Json.of(EventJson.mapper().writeValueAsString(event.data())))
        .then();
  }

  /**
   * Locks up to {@code limit} of the oldest rows that no other relay holds ({@code FOR UPDATE SKIP
   * LOCKED}); call inside a transaction.
   */
  public Flux<OutboxRecord> lockBatch(int limit) {
    return db.sql(
            """
            SELECT id, event_id, event_type, topic, record_key, subject, event_time, data
            FROM verification.outbox ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
            """)
        .bind("limit", limit)
        .map(
            row ->
                new OutboxRecord(
                    row.get("id", Long.class),
                    row.get("topic", String.class),
                    row.get("record_key", String.class),
                    toEvent(
                        row.get("event_id", String.class),
                        row.get("event_type", String.class),
                        row.get("subject", String.class),
                        row.get("event_time", OffsetDateTime.class),
                        row.get("data", Json.class).asString())))
        .all();
  }

  /** Deletes published rows. */
  public Mono<Long> delete(List<Long> ids) {
    if (ids.isEmpty()) {
      return Mono.just(0L);
    }
    return db.sql("DELETE FROM verification.outbox WHERE id = ANY(:ids)")
        .bind("ids", ids.toArray(Long[]::new))
        .fetch()
        .rowsUpdated();
  }

  private static Event<?> toEvent(
      String id, String typeName, String subject, OffsetDateTime time, String json) {
    EventType<?> type =
        EventTypes.ALL.stream()
            .filter(t -> t.name().equals(typeName))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("unknown outbox event type " + typeName));
    return build(type, id, subject, time, json);
  }

  private static <T extends Record> Event<T> build(
      EventType<T> type, String id, String subject, OffsetDateTime time, String json) {
    T data = EventJson.mapper().readValue(json, type.dataClass());
    return new Event<>(
        id,
        Event.sourceOf("verification-api"),
        type,
        time,
        subject == null || subject.isEmpty() ? null : subject,
        data);
  }

  /**
   * One outbox row.
   *
   * @param id row id (publication order)
   * @param topic topic name
   * @param key record key
   * @param event the event
   */
  public record OutboxRecord(long id, String topic, String key, Event<?> event) {}
}
