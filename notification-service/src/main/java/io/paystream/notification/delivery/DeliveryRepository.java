package io.paystream.notification.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The delivery log, {@code notification.deliveries} and {@code notification.delivery_attempts}. */
@Repository
public class DeliveryRepository {

  private final DatabaseClient db;

  public DeliveryRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * A claimed delivery row.
   *
   * @param id row id
   * @param status current status
   * @param attempts attempts logged so far
   */
  public record Claim(UUID id, DeliveryStatus status, int attempts) {}

  /**
   * Inserts the row for a dedup key if absent, then locks it ({@code FOR UPDATE}) until the
   * surrounding transaction ends: a concurrent duplicate waits here and then sees the outcome.
   */
  public Mono<Claim> claim(
      String dedupKey,
      String notificationId,
      String eventId,
      String customerId,
      String channel,
      String template,
      String locale) {
    return db.sql(
            "INSERT INTO notification.deliveries (id, dedup_key, notification_id, event_id, customer_id,"
                + " channel, template, locale, status)"
                + " VALUES (:id, :key, :nid, :eid, :cid, :channel, :template, :locale, 'PENDING')"
                + " ON CONFLICT (dedup_key) DO NOTHING")
        .bind("id", UUID.randomUUID())
        .bind("key", dedupKey)
        .bind("nid", notificationId)
        .bind("eid", eventId)
        .bind("cid", customerId)
        .bind("channel", channel)
        .bind("template", template)
        .bind("locale", locale == null ? "" : locale)
        .fetch()
        .rowsUpdated()
        .then(
            db.sql(
                    "SELECT id, status, attempts FROM notification.deliveries WHERE dedup_key = :key FOR UPDATE")
                .bind("key", dedupKey)
                .map(
                    row ->
                        new Claim(
                            row.get("id", UUID.class),
                            DeliveryStatus.valueOf(row.get("status", String.class)),
                            row.get("attempts", Integer.class)))
                .one());
  }

  /**
   * Takes, for the surrounding transaction, the lock that the attempt log's inserts need ({@code
   * ROW EXCLUSIVE} on {@code notification.delivery_attempts}; it conflicts with no other writer,
   * only with {@code LOCK TABLE}, DDL or {@code VACUUM FULL}). Called before a provider is asked to
   * send: if the table cannot be written now, the statement timeout fails the transaction before a
   * message went out, not after it (when the rollback would forget the send and the redelivered
   * record would send the message again).
   */
  public Mono<Void> lockAttemptLog() {
    return db.sql("LOCK TABLE notification.delivery_attempts IN ROW EXCLUSIVE MODE").then();
  }

  /** Sets the outcome of a delivery. */
  public Mono<Void> update(
      UUID id,
      DeliveryStatus status,
      String channel,
      String recipientMasked,
      String locale,
      int attempts,
      String providerMessageId,
      String error) {
    return db.sql(
            "UPDATE notification.deliveries SET status = :status, channel = :channel,"
                + " recipient_masked = COALESCE(:recipient, recipient_masked),"
                + " locale = :locale, attempts = :attempts,"
                + " provider_message_id = COALESCE(:pid, provider_message_id),"
                + " error = :error, updated_at = now() WHERE id = :id")
        .bind("status", status.name())
        .bind("channel", channel)
        .bind("recipient", nullable(recipientMasked))
        .bind("locale", locale)
        .bind("attempts", attempts)
        .bind("pid", nullable(providerMessageId))
        .bind("error", nullable(error))
        .bind("id", id)
        .then();
  }

  /** Marks a delivery deferred until {@code notBefore}, keeping the event to re-publish. */
  public Mono<Void> defer(
      UUID id, Instant notBefore, String eventJson, String locale, int attempts) {
    return db.sql(
            "UPDATE notification.deliveries SET status = 'DEFERRED', not_before = :nb,"
                + " deferred_event = CAST(:event AS jsonb), locale = :locale,"
                + " attempts = :attempts, updated_at = now() WHERE id = :id")
        .bind("nb", OffsetDateTime.ofInstant(notBefore, ZoneOffset.UTC))
        .bind("event", eventJson)
        .bind("locale", locale)
        .bind("attempts", attempts)
        .bind("id", id)
        .then();
  }

  /** Appends one attempt to the log. */
  public Mono<Void> logAttempt(
      UUID deliveryId,
      int attempt,
      String status,
      String providerMessageId,
      String error,
      Instant at) {
    return db.sql(
            "INSERT INTO notification.delivery_attempts (delivery_id, attempt, status, provider_message_id,"
                + " error, attempted_at) VALUES (:id, :n, :status, :pid, :error, :at)")
        .bind("id", deliveryId)
        .bind("n", attempt)
        .bind("status", status)
        .bind("pid", nullable(providerMessageId))
        .bind("error", nullable(error))
        .bind("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .then();
  }

  /**
   * A deferred delivery that is due.
   *
   * @param id row id
   * @param eventJson the stored event (see {@code DeferredEvents})
   */
  public record Due(UUID id, String eventJson) {}

  /** Locks up to {@code limit} due deferred deliveries ({@code FOR UPDATE SKIP LOCKED}). */
  public Flux<Due> lockDue(Instant now, int limit) {
    return db.sql(
            "SELECT id, deferred_event::text AS event FROM notification.deliveries"
                + " WHERE status = 'DEFERRED' AND not_before <= :now"
                + " ORDER BY not_before LIMIT :limit FOR UPDATE SKIP LOCKED")
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .bind("limit", limit)
        .map(row -> new Due(row.get("id", UUID.class), row.get("event", String.class)))
        .all();
  }

  /** Marks a deferred delivery released (re-published). */
  public Mono<Void> markReleased(UUID id) {
    return db.sql(
            "UPDATE notification.deliveries SET status = 'RELEASED', deferred_event = NULL, updated_at = now()"
                + " WHERE id = :id")
        .bind("id", id)
        .then();
  }

  private static org.springframework.r2dbc.core.Parameter nullable(String value) {
    return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, String.class);
  }
}
