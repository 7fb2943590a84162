package io.paystream.loyalty.outbox;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topic;
import io.paystream.contracts.serde.EventJson;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL over {@code loyalty.outbox}. */
@Repository
public class OutboxRepository {

  private final DatabaseClient db;

  public OutboxRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Queues {@code event} for {@code topic} in the caller's transaction; a second event with the
   * same id is ignored.
   */
  public <T extends Record> Mono<Void> add(Topic<T> topic, String key, Event<T> event) {
    return db.sql(
            "INSERT INTO loyalty.outbox (event_id, topic, message_key, subject, event_time, payload)"
                + " VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (event_id) DO NOTHING")
        .bind(0, event.id())
        .bind(1, topic.name())
        .bind(2, key)
        .bind(3, event.subject())
        .bind(4, event.time())
        .bind(5, EventJson.mapper().writeValueAsString(event.data()))
        .fetch()
        .rowsUpdated()
        .then();
  }

  /** Locks up to {@code limit} unpublished rows, oldest first, skipping rows other relays hold. */
  public Mono<List<OutboxRow>> lockPending(int limit) {
    return db.sql(
            "SELECT id, event_id, topic, message_key, subject, event_time, payload::text AS payload"
                + " FROM loyalty.outbox WHERE published_at IS NULL ORDER BY id LIMIT $1"
                + " FOR UPDATE SKIP LOCKED")
        .bind(0, limit)
        .map(
            r ->
                new OutboxRow(
                    r.get("id", Long.class),
                    r.get("event_id", String.class),
                    r.get("topic", String.class),
                    r.get("message_key", String.class),
                    r.get("subject", String.class),
                    r.get("event_time", OffsetDateTime.class),
                    r.get("payload", String.class)))
        .all()
        .collectList();
  }

  /** Marks rows published. */
  public Mono<Long> markPublished(List<Long> ids) {
    return db.sql("UPDATE loyalty.outbox SET published_at = clock_timestamp() WHERE id = ANY($1)")
        .bind(0, ids.toArray(Long[]::new))
        .fetch()
        .rowsUpdated();
  }

  /**
   * An outbox row.
   *
   * @param id sequence
   * @param eventId CloudEvents id
   * @param topic topic name
   * @param key record key
   * @param subject CloudEvents subject
   * @param eventTime CloudEvents time
   * @param payload event data as JSON
   */
  public record OutboxRow(
      long id,
      String eventId,
      String topic,
      String key,
      String subject,
      OffsetDateTime eventTime,
      String payload) {}
}
