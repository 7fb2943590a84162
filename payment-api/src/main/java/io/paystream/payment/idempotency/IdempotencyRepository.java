package io.paystream.payment.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Idempotency records in {@code registry.idempotency_records}, keyed by (client id, key). The claim
 * is one atomic {@code INSERT ... ON CONFLICT}: of any number of concurrent requests with one key,
 * exactly one claims it.
 */
@Repository
public class IdempotencyRepository {

  /**
   * An in-flight claim older than this is taken as abandoned (its process died between claim and
   * answer) and may be claimed again. Far above the publish bound.
   */
  static final Duration IN_FLIGHT_LEASE = Duration.ofSeconds(60);

  private final DatabaseClient db;

  public IdempotencyRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Claims the key for a new request: inserts an in-flight record, or takes over an expired or
   * abandoned one. Emits {@code true} if this call holds the claim.
   */
  public Mono<Boolean> claim(
      String clientId, String key, String fingerprint, UUID paymentId, Instant expiresAt) {
    return db.sql(
            "INSERT INTO registry.idempotency_records"
                + " (client_id, idempotency_key, fingerprint, state, payment_id, expires_at)"
                + " VALUES ($1, $2, $3, 'IN_FLIGHT', $4, $5)"
                + " ON CONFLICT (client_id, idempotency_key) DO UPDATE SET"
                + " fingerprint = EXCLUDED.fingerprint, state = 'IN_FLIGHT',"
                + " payment_id = EXCLUDED.payment_id, response_status = NULL,"
                + " response_body = NULL, created_at = now(), expires_at = EXCLUDED.expires_at"
                + " WHERE idempotency_records.expires_at < now()"
                + " OR (idempotency_records.state = 'IN_FLIGHT'"
                + " AND idempotency_records.created_at < now() - make_interval(secs => $6))"
                + " RETURNING payment_id")
        .bind(0, clientId)
        .bind(1, key)
        .bind(2, fingerprint)
        .bind(3, paymentId)
        .bind(4, expiresAt)
        .bind(5, (double) IN_FLIGHT_LEASE.toSeconds())
        .map(row -> row.get("payment_id", UUID.class))
        .one()
        .map(paymentId::equals)
        .defaultIfEmpty(false);
  }

  /** The live (unexpired) record of a key, or empty. */
  public Mono<IdempotencyRecord> find(String clientId, String key) {
    return db.sql(
            "SELECT fingerprint, state, payment_id, response_status, response_body"
                + " FROM registry.idempotency_records"
                + " WHERE client_id = $1 AND idempotency_key = $2 AND expires_at >= now()")
        .bind(0, clientId)
        .bind(1, key)
        .map(
            row ->
                new IdempotencyRecord(
                    row.get("fingerprint", String.class),
                    "COMPLETED".equals(row.get("state", String.class)),
                    row.get("payment_id", UUID.class),
                    row.get("response_status", Integer.class),
                    row.get("response_body", String.class)))
        .one();
  }

  /** Stores the response of the claiming request. */
  public Mono<Long> complete(
      String clientId, String key, UUID paymentId, int status, String responseBody) {
    return db.sql(
            "UPDATE registry.idempotency_records SET state = 'COMPLETED', response_status = $4,"
                + " response_body = $5"
                + " WHERE client_id = $1 AND idempotency_key = $2 AND payment_id = $3")
        .bind(0, clientId)
        .bind(1, key)
        .bind(2, paymentId)
        .bind(3, (short) status)
        .bind(4, responseBody)
        .fetch()
        .rowsUpdated();
  }

  /** Drops the claim of a request that failed, so that a retry with the key starts afresh. */
  public Mono<Long> release(String clientId, String key, UUID paymentId) {
    return db.sql(
            "DELETE FROM registry.idempotency_records"
                + " WHERE client_id = $1 AND idempotency_key = $2 AND payment_id = $3"
                + " AND state = 'IN_FLIGHT'")
        .bind(0, clientId)
        .bind(1, key)
        .bind(2, paymentId)
        .fetch()
        .rowsUpdated();
  }

  /** Deletes expired records; emits how many. */
  public Mono<Long> purgeExpired() {
    return db.sql("DELETE FROM registry.idempotency_records WHERE expires_at < now()")
        .fetch()
        .rowsUpdated();
  }
}
