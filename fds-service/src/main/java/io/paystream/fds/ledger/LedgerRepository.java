package io.paystream.fds.ledger;

import io.paystream.contracts.event.PaymentStatus;
import io.paystream.contracts.serde.EventJson;
import io.paystream.fds.profile.VersionedCardProfile;
import io.paystream.fds.risk.RiskProfile;
import io.paystream.fds.rule.CardProfile;
import io.paystream.fds.rule.CardStatus;
import io.paystream.fds.rule.RecentPayment;
import io.paystream.fds.travel.LocatedHistory;
import io.paystream.fds.travel.LocatedPayment;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * SQL over schema {@code ledger}. Every write is set-based ({@code unnest} of arrays) so that a
 * whole Kafka batch costs a handful of statements; callers run them inside one R2DBC transaction.
 */
@Repository
public class LedgerRepository {

  private static final TypeReference<List<LocatedPayment>> LOCATED = new TypeReference<>() {};
  private static final TypeReference<List<RecentPayment>> RECENT = new TypeReference<>() {};

  private final DatabaseClient db;

  public LedgerRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Records event ids as consumed; returns the ones not seen before. */
  public Mono<Set<String>> markProcessed(Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Mono.just(Set.of());
    }
    return db.sql(
            "INSERT INTO ledger.processed_events (event_id) SELECT unnest($1::text[])"
                + " ON CONFLICT DO NOTHING RETURNING event_id")
        .bind(0, eventIds.toArray(String[]::new))
        .map(r -> r.get(0, String.class))
        .all()
        .collect(Collectors.toSet());
  }

  /** The payment ids among {@code paymentIds} already in the ledger. */
  public Mono<Set<String>> existingPayments(Collection<String> paymentIds) {
    if (paymentIds.isEmpty()) {
      return Mono.just(Set.of());
    }
    return db.sql("SELECT payment_id FROM ledger.transactions WHERE payment_id = ANY($1::text[])")
        .bind(0, paymentIds.toArray(String[]::new))
        .map(r -> r.get(0, String.class))
        .all()
        .collect(Collectors.toSet());
  }

  /** Loads and row-locks the profiles of {@code cardTokens} (absent cards are simply missing). */
  public Mono<Map<String, CardProfile>> lockProfiles(Collection<String> cardTokens) {
    if (cardTokens.isEmpty()) {
      return Mono.just(Map.of());
    }
    return db.sql(
            "SELECT card_token, status, located::text, recent::text, risk::text FROM ledger.card_profiles"
                + " WHERE card_token = ANY($1::text[]) ORDER BY card_token FOR UPDATE")
        .bind(0, cardTokens.toArray(String[]::new))
        .map(LedgerRepository::profile)
        .all()
        .collectMap(CardProfile::cardToken);
  }

  /**
   * Row-locks the profiles of {@code cardTokens} and returns only their versions (absent cards are
   * missing): the cheap half of a cached read, the version says whether a cached copy is current.
   */
  public Mono<Map<String, Long>> lockProfileVersions(Collection<String> cardTokens) {
    if (cardTokens.isEmpty()) {
      return Mono.just(Map.of());
    }
    return db.sql(
            "SELECT card_token, version FROM ledger.card_profiles"
                + " WHERE card_token = ANY($1::text[]) ORDER BY card_token FOR UPDATE")
        .bind(0, cardTokens.toArray(String[]::new))
        .map(r -> Map.entry(r.get("card_token", String.class), r.get("version", Long.class)))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  /** Loads the profiles of {@code cardTokens} with their versions, without locking. */
  public Mono<Map<String, VersionedCardProfile>> loadProfiles(Collection<String> cardTokens) {
    if (cardTokens.isEmpty()) {
      return Mono.just(Map.of());
    }
    return db.sql(
            "SELECT card_token, status, located::text, recent::text, risk::text, version"
                + " FROM ledger.card_profiles WHERE card_token = ANY($1::text[])")
        .bind(0, cardTokens.toArray(String[]::new))
        .map(r -> new VersionedCardProfile(profile(r), r.get("version", Long.class)))
        .all()
        .collectMap(v -> v.profile().cardToken());
  }

  private static CardProfile profile(Readable r) {
    return new CardProfile(
        r.get("card_token", String.class),
        CardStatus.valueOf(r.get("status", String.class)),
        new LocatedHistory(EventJson.mapper().readValue(r.get("located", String.class), LOCATED)),
        EventJson.mapper().readValue(r.get("recent", String.class), RECENT),
        risk(r.get("risk", String.class)));
  }

  private static RiskProfile risk(String json) {
    return json == null
        ? RiskProfile.empty()
        : EventJson.mapper().readValue(json, RiskProfile.class);
  }

  /**
   * Inserts or replaces card profiles; every write bumps the row's {@code version} (a new row
   * starts at 0).
   *
   * @return the saved profiles with their new versions, by card token
   */
  public Mono<Map<String, VersionedCardProfile>> saveProfiles(Collection<CardProfile> profiles) {
    if (profiles.isEmpty()) {
      return Mono.just(Map.of());
    }
    Map<String, CardProfile> byCard =
        profiles.stream().collect(Collectors.toMap(CardProfile::cardToken, p -> p, (a, b) -> b));
    List<CardProfile> list = List.copyOf(byCard.values());
    return db.sql(
            "INSERT INTO ledger.card_profiles (card_token, status, located, recent, risk, version,"
                + " updated_at)"
                + " SELECT t.card, t.status, t.located::jsonb, t.recent::jsonb, t.risk::jsonb, 0, now()"
                + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])"
                + " AS t(card, status, located, recent, risk)"
                + " ON CONFLICT (card_token) DO UPDATE SET status = EXCLUDED.status,"
                + " located = EXCLUDED.located, recent = EXCLUDED.recent, risk = EXCLUDED.risk,"
                + " version = ledger.card_profiles.version + 1, updated_at = now()"
                + " RETURNING card_token, version")
        .bind(0, list.stream().map(CardProfile::cardToken).toArray(String[]::new))
        .bind(1, list.stream().map(p -> p.status().name()).toArray(String[]::new))
        .bind(
            2,
            list.stream()
                .map(p -> EventJson.mapper().writeValueAsString(p.located().entries()))
                .toArray(String[]::new))
        .bind(
            3,
            list.stream()
                .map(p -> EventJson.mapper().writeValueAsString(p.recent()))
                .toArray(String[]::new))
        .bind(
            4,
            list.stream()
                .map(p -> EventJson.mapper().writeValueAsString(p.risk()))
                .toArray(String[]::new))
        .map(
            r -> {
              String card = r.get("card_token", String.class);
              return new VersionedCardProfile(byCard.get(card), r.get("version", Long.class));
            })
        .all()
        .collectMap(v -> v.profile().cardToken());
  }

  /** Inserts new transactions. */
  public Mono<Long> insertTransactions(List<TransactionRow> rows) {
    if (rows.isEmpty()) {
      return Mono.just(0L);
    }
    return db.sql(
            "INSERT INTO ledger.transactions (payment_id, card_token, customer_id, client_id,"
                + " merchant_id, merchant_name, channel, amount_minor, currency, location,"
                + " occurred_at, status, last_sequence, reason_codes, travel, rule_set_version)"
                + " SELECT t.pid, t.card, t.cust, t.client, t.merchant, t.mname, t.channel, t.amount,"
                + " t.currency, t.location::jsonb, t.occurred::timestamptz, t.status, t.seq,"
                + " string_to_array(t.reasons, ','), t.travel::jsonb, t.rules"
                + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],"
                + " $6::text[], $7::text[], $8::int8[], $9::text[], $10::text[], $11::text[],"
                + " $12::text[], $13::int4[], $14::text[], $15::text[], $16::int8[])"
                + " AS t(pid, card, cust, client, merchant, mname, channel, amount, currency,"
                + " location, occurred, status, seq, reasons, travel, rules)")
        .bind(0, col(rows, TransactionRow::paymentId))
        .bind(1, col(rows, TransactionRow::cardToken))
        .bind(2, col(rows, TransactionRow::customerId))
        .bind(3, col(rows, TransactionRow::clientId))
        .bind(4, col(rows, TransactionRow::merchantId))
        .bind(5, col(rows, TransactionRow::merchantName))
        .bind(6, col(rows, TransactionRow::channel))
        .bind(7, rows.stream().map(TransactionRow::amountMinor).toArray(Long[]::new))
        .bind(8, col(rows, TransactionRow::currency))
        .bind(9, col(rows, TransactionRow::locationJson))
        .bind(10, col(rows, r -> r.occurredAt().toString()))
        .bind(11, col(rows, r -> r.status().name()))
        .bind(12, rows.stream().map(TransactionRow::lastSequence).toArray(Integer[]::new))
        .bind(13, col(rows, r -> String.join(",", r.reasonCodes())))
        .bind(14, col(rows, TransactionRow::travelJson))
        .bind(15, rows.stream().map(TransactionRow::ruleSetVersion).toArray(Long[]::new))
        .fetch()
        .rowsUpdated();
  }

  /** Appends ledger events. */
  public Mono<Long> appendEvents(List<LedgerEvent> events) {
    if (events.isEmpty()) {
      return Mono.just(0L);
    }
    return db.sql(
            "INSERT INTO ledger.payment_events (payment_id, sequence, status, reason_codes, data)"
                + " SELECT t.pid, t.seq, t.status, string_to_array(t.reasons, ','), t.data::jsonb"
                + " FROM unnest($1::text[], $2::int4[], $3::text[], $4::text[], $5::text[])"
                + " AS t(pid, seq, status, reasons, data)")
        .bind(0, col(events, LedgerEvent::paymentId))
        .bind(1, events.stream().map(LedgerEvent::sequence).toArray(Integer[]::new))
        .bind(2, col(events, e -> e.status().name()))
        .bind(3, col(events, e -> String.join(",", e.reasonCodes())))
        .bind(4, col(events, LedgerEvent::dataJson))
        .fetch()
        .rowsUpdated();
  }

  /** Loads and row-locks one transaction's current state, if it exists. */
  public Mono<CurrentState> lockTransaction(String paymentId) {
    return db.sql(
            "SELECT t.payment_id, t.card_token, t.client_id, t.status, t.last_sequence,"
                + " e.data::text AS request FROM ledger.transactions t"
                + " JOIN ledger.payment_events e ON e.payment_id = t.payment_id AND e.sequence = 0"
                + " WHERE t.payment_id = $1 FOR UPDATE OF t")
        .bind(0, paymentId)
        .map(
            r ->
                new CurrentState(
                    r.get("payment_id", String.class),
                    r.get("card_token", String.class),
                    r.get("client_id", String.class),
                    PaymentStatus.valueOf(r.get("status", String.class)),
                    r.get("last_sequence", Integer.class),
                    r.get("request", String.class)))
        .one();
  }

  /** Moves a transaction to a new state. */
  public Mono<Long> updateState(
      String paymentId, PaymentStatus status, int sequence, List<String> reasonCodes) {
    return db.sql(
            "UPDATE ledger.transactions SET status = $2, last_sequence = $3,"
                + " reason_codes = string_to_array($4, ','), updated_at = now()"
                + " WHERE payment_id = $1")
        .bind(0, paymentId)
        .bind(1, status.name())
        .bind(2, sequence)
        .bind(3, String.join(",", reasonCodes))
        .fetch()
        .rowsUpdated();
  }

  /**
   * Locks up to {@code limit} payments held longer than {@code olderThan}, skipping rows another
   * replica holds.
   */
  public Flux<String> lockOverduePending(Instant olderThan, int limit) {
    return db.sql(
            "SELECT payment_id FROM ledger.transactions WHERE status = 'PENDING_VERIFICATION'"
                + " AND updated_at < $1 ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED")
        .bind(0, OffsetDateTime.ofInstant(olderThan, java.time.ZoneOffset.UTC))
        .bind(1, limit)
        .map(r -> r.get(0, String.class))
        .all();
  }

  private static <T> String[] col(List<T> rows, java.util.function.Function<T, String> f) {
    return rows.stream().map(f).toArray(String[]::new);
  }

  /**
   * A transaction's current state as locked for a transition.
   *
   * @param paymentId payment id
   * @param cardToken card token
   * @param clientId owning OAuth2 client
   * @param status current state
   * @param lastSequence sequence of the last ledger event
   * @param requestJson the original {@code payment.requested.v1} data (ledger event 0)
   */
  public record CurrentState(
      String paymentId,
      String cardToken,
      String clientId,
      PaymentStatus status,
      int lastSequence,
      String requestJson) {}
}
