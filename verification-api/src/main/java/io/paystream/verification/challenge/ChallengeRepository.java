package io.paystream.verification.challenge;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code verification.challenge}, {@code provider_message} and {@code sms_send}. Reads that lead to
 * a transition lock the row ({@code FOR UPDATE}) so concurrent answers are applied one at a time:
 * the failed-attempt counter loses no update.
 */
@Repository
public class ChallengeRepository {

  private static final String COLUMNS =
      "id, payment_id, card_token, customer_id, phone_e164, code_hash, status, failed_attempts,"
          + " issued_at, expires_at, completed_at, method, answer_deadline";

  private final DatabaseClient db;

  public ChallengeRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Inserts a new challenge unless the payment already has one.
   *
   * @return {@code true} if inserted, {@code false} if the payment already had a challenge
   */
  public Mono<Boolean> insertIfAbsent(Challenge c, ChallengeDetails details, String sourceEventId) {
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(
            """
            INSERT INTO verification.challenge
              (id, payment_id, card_token, customer_id, phone_e164, locale, code_hash, status,
               failed_attempts, merchant_name, amount_minor, currency, place, source_event_id,
               created_at, issued_at, expires_at, answer_deadline)
            VALUES (:id, :paymentId, :cardToken, :customerId, :phone, :locale, :codeHash, :status,
               0, :merchant, :amountMinor, :currency, :place, :eventId, :now, :now, :expiresAt,
               :answerDeadline)
            ON CONFLICT (payment_id) DO NOTHING
            """);
    spec =
        c.phoneE164() == null
            ? spec.bindNull("phone", String.class)
            : spec.bind("phone", c.phoneE164());
    return spec.bind("id", c.id())
        .bind("paymentId", c.paymentId())
        .bind("cardToken", c.cardToken())
        .bind("customerId", c.customerId())
        .bind("locale", details.locale() == null ? "" : details.locale())
        .bind("codeHash", c.codeHash())
        .bind("status", c.status().name())
        .bind("merchant", details.merchantName() == null ? "" : details.merchantName())
        .bind("amountMinor", details.amountMinor())
        .bind("currency", details.currency())
        .bind("place", details.place() == null ? "" : details.place())
        .bind("eventId", sourceEventId)
        .bind("now", utc(c.issuedAt()))
        .bind("expiresAt", utc(c.expiresAt()))
        .bind("answerDeadline", utc(c.answerDeadline()))
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /**
   * Every open challenge sent to {@code phone}, newest first, locked for update (in that order, so
   * two callbacks for one phone queue behind each other instead of deadlocking).
   */
  public Flux<Challenge> lockOpenByPhone(String phone) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM verification.challenge WHERE phone_e164 = :phone AND status = 'OPEN'"
                + " ORDER BY created_at DESC, id FOR UPDATE")
        .bind("phone", phone)
        .map(ChallengeRepository::toChallenge)
        .all();
  }

  /** A challenge by id, locked for update. */
  public Mono<Challenge> lockById(UUID id) {
    return db.sql("SELECT " + COLUMNS + " FROM verification.challenge WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .map(ChallengeRepository::toChallenge)
        .one();
  }

  /** A challenge by id, without a lock (reads). */
  public Mono<Challenge> findById(UUID id) {
    return db.sql("SELECT " + COLUMNS + " FROM verification.challenge WHERE id = :id")
        .bind("id", id)
        .map(ChallengeRepository::toChallenge)
        .one();
  }

  /** The challenge of a payment, without a lock. */
  public Mono<Challenge> findByPaymentId(String paymentId) {
    return db.sql("SELECT " + COLUMNS + " FROM verification.challenge WHERE payment_id = :p")
        .bind("p", paymentId)
        .map(ChallengeRepository::toChallenge)
        .one();
  }

  /**
   * Open challenges past their validity at {@code now}, locked with {@code SKIP LOCKED} so several
   * sweepers (replicas) take disjoint rows.
   */
  public Flux<Challenge> lockDueForExpiry(Instant now, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM verification.challenge WHERE status = 'OPEN' AND expires_at <= :now"
                + " ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED")
        .bind("now", utc(now))
        .bind("limit", limit)
        .map(ChallengeRepository::toChallenge)
        .all();
  }

  /** Writes the mutable part of a challenge (after a transition). */
  public Mono<Void> update(Challenge c) {
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(
                """
                UPDATE verification.challenge SET status = :status, failed_attempts = :failed,
                  code_hash = :codeHash, issued_at = :issuedAt, expires_at = :expiresAt,
                  completed_at = :completedAt, method = :method
                WHERE id = :id
                """)
            .bind("id", c.id())
            .bind("status", c.status().name())
            .bind("failed", c.failedAttempts())
            .bind("issuedAt", utc(c.issuedAt()))
            .bind("expiresAt", utc(c.expiresAt()));
    spec =
        c.codeHash() == null
            ? spec.bindNull("codeHash", byte[].class)
            : spec.bind("codeHash", c.codeHash());
    spec =
        c.completedAt() == null
            ? spec.bindNull("completedAt", OffsetDateTime.class)
            : spec.bind("completedAt", utc(c.completedAt()));
    spec =
        c.method() == null
            ? spec.bindNull("method", String.class)
            : spec.bind("method", c.method());
    return spec.then();
  }

  /** Extra details of a challenge row (display and contact), read with the challenge. */
  public Mono<ChallengeDetails> details(UUID id) {
    return db.sql(
            "SELECT locale, merchant_name, amount_minor, currency, place"
                + " FROM verification.challenge WHERE id = :id")
        .bind("id", id)
        .map(
            row ->
                new ChallengeDetails(
                    blankToNull(row.get("locale", String.class)),
                    blankToNull(row.get("merchant_name", String.class)),
                    row.get("amount_minor", Long.class),
                    row.get("currency", String.class),
                    blankToNull(row.get("place", String.class))))
        .one();
  }

  /**
   * Records a provider message id.
   *
   * @return {@code true} the first time, {@code false} for a replay
   */
  public Mono<Boolean> recordProviderMessage(String sid, String phone, Instant now, String result) {
    return db.sql(
            """
            INSERT INTO verification.provider_message (message_sid, phone_e164, received_at, result)
            VALUES (:sid, :phone, :now, :result) ON CONFLICT (message_sid) DO NOTHING
            """)
        .bind("sid", sid)
        .bind("phone", phone)
        .bind("now", utc(now))
        .bind("result", result)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  /** Sets the result noted for a provider message (after the answer was applied). */
  public Mono<Void> noteProviderMessageResult(String sid, String result) {
    return db.sql("UPDATE verification.provider_message SET result = :r WHERE message_sid = :sid")
        .bind("r", result)
        .bind("sid", sid)
        .then();
  }

  /**
   * Serializes SMS decisions for one phone for the rest of the transaction ({@code
   * pg_advisory_xact_lock}), then reads its last SMS of {@code kind} (of any kind when {@code kind}
   * is {@code null}) and today's count of all kinds.
   */
  public Mono<SmsHistory> lockSmsHistory(String phone, String kind, Instant startOfDay) {
    String lastSent = kind == null ? "max(sent_at)" : "max(sent_at) FILTER (WHERE kind = :kind)";
    return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:phone, 7301))")
        .bind("phone", phone)
        .then()
        .then(
            Mono.defer(
                () -> {
                  DatabaseClient.GenericExecuteSpec spec =
                      db.sql(
                              "SELECT "
                                  + lastSent
                                  + " AS last_sent, count(*) FILTER (WHERE sent_at >= :day) AS"
                                  + " today FROM verification.sms_send WHERE phone_e164 = :phone")
                          .bind("phone", phone)
                          .bind("day", utc(startOfDay));
                  if (kind != null) {
                    spec = spec.bind("kind", kind);
                  }
                  return spec.map(
                          row -> {
                            OffsetDateTime last = row.get("last_sent", OffsetDateTime.class);
                            Long today = row.get("today", Long.class);
                            return new SmsHistory(
                                last == null ? null : last.toInstant(),
                                today == null ? 0 : today.intValue());
                          })
                      .one();
                }));
  }

  /** How many SMS of {@code kind} were asked for challenge {@code challengeId}. */
  public Mono<Long> countSmsSends(UUID challengeId, String kind) {
    return db.sql(
            "SELECT count(*) AS n FROM verification.sms_send"
                + " WHERE challenge_id = :cid AND kind = :kind")
        .bind("cid", challengeId)
        .bind("kind", kind)
        .map(row -> row.get("n", Long.class))
        .one();
  }

  /** Records one SMS asked of notification-service. */
  public Mono<Void> recordSmsSend(String phone, UUID challengeId, String kind, Instant now) {
    return db.sql(
            "INSERT INTO verification.sms_send (phone_e164, challenge_id, kind, sent_at)"
                + " VALUES (:phone, :cid, :kind, :now)")
        .bind("phone", phone)
        .bind("cid", challengeId)
        .bind("kind", kind)
        .bind("now", utc(now))
        .then();
  }

  private static Challenge toChallenge(Readable row) {
    OffsetDateTime completed = row.get("completed_at", OffsetDateTime.class);
    return new Challenge(
        row.get("id", UUID.class),
        row.get("payment_id", String.class),
        row.get("card_token", String.class),
        row.get("customer_id", String.class),
        blankToNull(row.get("phone_e164", String.class)),
        toBytes(row.get("code_hash")),
        ChallengeStatus.valueOf(row.get("status", String.class)),
        row.get("failed_attempts", Integer.class),
        row.get("issued_at", OffsetDateTime.class).toInstant(),
        row.get("expires_at", OffsetDateTime.class).toInstant(),
        completed == null ? null : completed.toInstant(),
        row.get("method", String.class),
        row.get("answer_deadline", OffsetDateTime.class).toInstant());
  }

  private static byte[] toBytes(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.nio.ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
    return (byte[]) value;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /**
   * A phone's SMS history.
   *
   * @param lastSentAt last SMS, {@code null} if none
   * @param sentToday SMS since the start of the current UTC day
   */
  public record SmsHistory(Instant lastSentAt, int sentToday) {}
}
