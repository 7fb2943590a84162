package io.paystream.loyalty.visit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL over {@code loyalty.visits}, {@code loyalty.compensations} and {@code
 * loyalty.visit_counters}. Every method runs in the caller's transaction.
 */
@Repository
public class VisitRepository {

  private final DatabaseClient db;

  public VisitRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Takes a transaction-scoped advisory lock per payment id, in one fixed order, so that a
   * payment's request and its decision (consumed by different listeners) are applied one after the
   * other, never interleaved, and two batches cannot deadlock on each other's payment locks.
   */
  public Mono<Void> lockPayments(List<String> paymentIds) {
    if (paymentIds.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(
            "SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtextextended(p, 7) AS h"
                + " FROM unnest($1::text[]) p ORDER BY h) locks")
        .bind(0, paymentIds.toArray(String[]::new))
        .fetch()
        .rowsUpdated()
        .then();
  }

  /** What is recorded about a payment: its visit state (or null) and whether it was declined. */
  public Mono<PaymentFacts> facts(String paymentId) {
    return db.sql(
            "SELECT (SELECT state FROM loyalty.visits WHERE payment_id = $1) AS state,"
                + " EXISTS (SELECT 1 FROM loyalty.compensations WHERE payment_id = $1) AS declined")
        .bind(0, paymentId)
        .map(
            r -> {
              String state = r.get("state", String.class);
              return new PaymentFacts(
                  state == null ? null : VisitState.valueOf(state),
                  Boolean.TRUE.equals(r.get("declined", Boolean.class)));
            })
        .one();
  }

  /**
   * What is recorded about each of {@code paymentIds}, in one query (a batch's facts up front).
   *
   * @return facts by payment id, one entry per distinct id
   */
  public Mono<Map<String, PaymentFacts>> factsOf(List<String> paymentIds) {
    return db.sql(
            "SELECT p.id AS payment_id, v.state, (c.payment_id IS NOT NULL) AS declined"
                + " FROM (SELECT DISTINCT unnest($1::text[]) AS id) p"
                + " LEFT JOIN loyalty.visits v ON v.payment_id = p.id"
                + " LEFT JOIN loyalty.compensations c ON c.payment_id = p.id")
        .bind(0, paymentIds.toArray(String[]::new))
        .map(
            r -> {
              String state = r.get("state", String.class);
              return Map.entry(
                  r.get("payment_id", String.class),
                  new PaymentFacts(
                      state == null ? null : VisitState.valueOf(state),
                      Boolean.TRUE.equals(r.get("declined", Boolean.class))));
            })
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
  }

  /** Records payments' visits in {@code state}, in one statement; ids must be new. */
  public Mono<Void> insertVisits(List<IncomingPayment> payments, VisitState state) {
    if (payments.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(
            "INSERT INTO loyalty.visits (payment_id, customer_id, merchant_id, card_token,"
                + " occurred_at, state, event_id)"
                + " SELECT p, cu, me, ca, oc::timestamptz, $6, ev FROM unnest($1::text[],"
                + " $2::text[], $3::text[], $4::text[], $5::text[], $7::text[])"
                + " AS t(p, cu, me, ca, oc, ev)")
        .bind(0, column(payments, p -> p.payment().paymentId()))
        .bind(1, column(payments, p -> p.payment().customerId()))
        .bind(2, column(payments, p -> p.payment().merchant().id()))
        .bind(3, column(payments, p -> p.payment().card().token()))
        .bind(4, column(payments, p -> p.payment().occurredAt().toString()))
        .bind(5, state.name())
        .bind(6, column(payments, IncomingPayment::eventId))
        .fetch()
        .rowsUpdated()
        .then();
  }

  /**
   * Adds counted visits to their pairs' counters in one statement (pairs in a fixed order, so two
   * batches lock counter rows in the same order).
   *
   * @param visitsByPair each pair's newly counted visits
   * @return each pair's counter after the change
   */
  public Mono<Map<VisitPair, CounterRow>> addToCounters(
      Map<VisitPair, List<IncomingPayment>> visitsByPair) {
    if (visitsByPair.isEmpty()) {
      return Mono.just(Map.of());
    }
    List<VisitPair> pairs =
        visitsByPair.keySet().stream()
            .sorted(
                Comparator.comparing(VisitPair::customerId).thenComparing(VisitPair::merchantId))
            .toList();
    String[] customers = pairs.stream().map(VisitPair::customerId).toArray(String[]::new);
    String[] merchants = pairs.stream().map(VisitPair::merchantId).toArray(String[]::new);
    Integer[] deltas = pairs.stream().map(p -> visitsByPair.get(p).size()).toArray(Integer[]::new);
    String[] firsts =
        pairs.stream()
            .map(p -> eventTimes(visitsByPair.get(p)).min(Comparator.naturalOrder()).orElseThrow())
            .map(OffsetDateTime::toString)
            .toArray(String[]::new);
    String[] lasts =
        pairs.stream()
            .map(p -> eventTimes(visitsByPair.get(p)).max(Comparator.naturalOrder()).orElseThrow())
            .map(OffsetDateTime::toString)
            .toArray(String[]::new);
    return db.sql(
            "INSERT INTO loyalty.visit_counters AS c (customer_id, merchant_id, visits,"
                + " first_visit_at, last_visit_at)"
                + " SELECT cu, me, n, f::timestamptz, l::timestamptz FROM unnest($1::text[],"
                + " $2::text[], $3::int4[], $4::text[], $5::text[]) WITH ORDINALITY"
                + " AS t(cu, me, n, f, l, i) ORDER BY i"
                + " ON CONFLICT (customer_id, merchant_id) DO UPDATE SET"
                + " visits = c.visits + EXCLUDED.visits,"
                + " first_visit_at = LEAST(c.first_visit_at, EXCLUDED.first_visit_at),"
                + " last_visit_at = GREATEST(c.last_visit_at, EXCLUDED.last_visit_at),"
                + " updated_at = clock_timestamp()"
                + " RETURNING customer_id, merchant_id, visits, vip")
        .bind(0, customers)
        .bind(1, merchants)
        .bind(2, deltas)
        .bind(3, firsts)
        .bind(4, lasts)
        .map(
            r ->
                Map.entry(
                    new VisitPair(
                        r.get("customer_id", String.class), r.get("merchant_id", String.class)),
                    new CounterRow(r.get("visits", Integer.class), r.get("vip", Boolean.class))))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  private static Stream<OffsetDateTime> eventTimes(List<IncomingPayment> payments) {
    return payments.stream().map(v -> v.payment().occurredAt());
  }

  private static String[] column(
      List<IncomingPayment> payments, Function<IncomingPayment, String> f) {
    return payments.stream().map(f).toArray(String[]::new);
  }

  /**
   * Counted visits of the pair with an event time in {@code (from, to]}.
   *
   * @param from exclusive lower bound
   * @param to inclusive upper bound
   */
  public Mono<Long> countedBetween(VisitPair pair, OffsetDateTime from, OffsetDateTime to) {
    return db.sql(
            "SELECT count(*) AS n FROM loyalty.visits WHERE customer_id = $1 AND merchant_id = $2"
                + " AND state = 'COUNTED' AND occurred_at > $3 AND occurred_at <= $4")
        .bind(0, pair.customerId())
        .bind(1, pair.merchantId())
        .bind(2, from)
        .bind(3, to)
        .map(r -> r.get("n", Long.class))
        .one();
  }

  /**
   * Records a decline of a payment with what it did ({@code TAKE_BACK}, {@code REMEMBER}, else
   * none).
   */
  public Mono<Void> insertCompensation(IncomingDecision in, VisitRules.DecisionOutcome outcome) {
    String recorded =
        switch (outcome) {
          case TAKE_BACK -> "TAKE_BACK";
          case REMEMBER -> "REMEMBER";
          default -> "NONE";
        };
    var d = in.decision();
    return db.sql(
            "INSERT INTO loyalty.compensations (payment_id, status, event_id, decided_at, outcome)"
                + " VALUES ($1, $2, $3, $4, $5)")
        .bind(0, d.paymentId())
        .bind(1, d.status().name())
        .bind(2, in.eventId())
        .bind(
            3,
            d.decidedAt() == null
                ? OffsetDateTime.now(ZoneOffset.UTC)
                : d.decidedAt().atOffset(ZoneOffset.UTC))
        .bind(4, recorded)
        .fetch()
        .rowsUpdated()
        .then();
  }

  /**
   * Marks a counted visit as taken back and removes it from its pair's counter (first and last
   * visit recomputed from the remaining counted visits).
   *
   * @return the pair whose count changed
   */
  public Mono<VisitPair> takeBack(String paymentId) {
    return db.sql(
            "UPDATE loyalty.visits SET state = 'TAKEN_BACK', changed_at = clock_timestamp()"
                + " WHERE payment_id = $1 AND state = 'COUNTED' RETURNING customer_id, merchant_id")
        .bind(0, paymentId)
        .map(
            r ->
                new VisitPair(
                    r.get("customer_id", String.class), r.get("merchant_id", String.class)))
        .one()
        .flatMap(
            pair ->
                db.sql(
                        "UPDATE loyalty.visit_counters c SET visits = c.visits - 1,"
                            + " first_visit_at = s.first_at, last_visit_at = s.last_at,"
                            + " updated_at = clock_timestamp()"
                            + " FROM (SELECT min(occurred_at) AS first_at, max(occurred_at) AS last_at"
                            + " FROM loyalty.visits WHERE customer_id = $1 AND merchant_id = $2"
                            + " AND state = 'COUNTED') s"
                            + " WHERE c.customer_id = $1 AND c.merchant_id = $2")
                    .bind(0, pair.customerId())
                    .bind(1, pair.merchantId())
                    .fetch()
                    .rowsUpdated()
                    .thenReturn(pair));
  }

  /** The pair's counter from PostgreSQL (the durable record), empty when it never had a visit. */
  public Mono<VisitCount> findCount(VisitPair pair) {
    return db.sql(
            "SELECT visits, first_visit_at, last_visit_at, vip FROM loyalty.visit_counters"
                + " WHERE customer_id = $1 AND merchant_id = $2")
        .bind(0, pair.customerId())
        .bind(1, pair.merchantId())
        .map(
            r ->
                new VisitCount(
                    pair.customerId(),
                    pair.merchantId(),
                    r.get("visits", Integer.class),
                    instant(r.get("first_visit_at", OffsetDateTime.class)),
                    instant(r.get("last_visit_at", OffsetDateTime.class)),
                    Boolean.TRUE.equals(r.get("vip", Boolean.class))))
        .one();
  }

  /** The merchant's customers with at least one counted visit, most visits first. */
  public Flux<VisitCount> topCustomers(String merchantId, int limit) {
    return db.sql(
            "SELECT customer_id, visits, first_visit_at, last_visit_at, vip"
                + " FROM loyalty.visit_counters WHERE merchant_id = $1 AND visits > 0"
                + " ORDER BY visits DESC, last_visit_at DESC, customer_id LIMIT $2")
        .bind(0, merchantId)
        .bind(1, limit)
        .map(
            r ->
                new VisitCount(
                    r.get("customer_id", String.class),
                    merchantId,
                    r.get("visits", Integer.class),
                    instant(r.get("first_visit_at", OffsetDateTime.class)),
                    instant(r.get("last_visit_at", OffsetDateTime.class)),
                    Boolean.TRUE.equals(r.get("vip", Boolean.class))))
        .all();
  }

  private static java.time.Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  /**
   * What is recorded about one payment.
   *
   * @param visit its visit state, {@code null} if its request was never seen
   * @param declined whether a DENIED or EXPIRED decision was recorded
   */
  public record PaymentFacts(VisitState visit, boolean declined) {}

  /**
   * A counter after an increment.
   *
   * @param visits counted visits
   * @param vip whether the customer already holds a membership
   */
  public record CounterRow(int visits, boolean vip) {}
}
