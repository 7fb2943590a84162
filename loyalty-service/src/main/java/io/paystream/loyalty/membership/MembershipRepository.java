package io.paystream.loyalty.membership;

import io.paystream.loyalty.visit.VisitPair;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over {@code loyalty.memberships}; methods run in the caller's transaction. */
@Repository
public class MembershipRepository {

  private static final String COLUMNS =
      "membership_id, customer_id, merchant_id, granted_at, crossing_payment_id, visits_at_grant,"
          + " threshold, benefit";

  private final DatabaseClient db;

  public MembershipRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Grants VIP to the pair unless it already holds it (primary key on the pair: exactly once even
   * under concurrent crossings) and flags the pair's counter.
   *
   * @return the new membership, or empty if the pair already had one
   */
  public Mono<Membership> grant(
      VisitPair pair, String crossingPaymentId, long visits, int threshold, String benefit) {
    return db.sql(
            "INSERT INTO loyalty.memberships (membership_id, customer_id, merchant_id,"
                + " crossing_payment_id, visits_at_grant, threshold, benefit)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7)"
                + " ON CONFLICT (customer_id, merchant_id) DO NOTHING RETURNING "
                + COLUMNS)
        .bind(0, UUID.randomUUID())
        .bind(1, pair.customerId())
        .bind(2, pair.merchantId())
        .bind(3, crossingPaymentId)
        .bind(4, (int) visits)
        .bind(5, threshold)
        .bind(6, benefit)
        .map(MembershipRepository::membership)
        .one()
        .flatMap(
            m ->
                db.sql(
                        "UPDATE loyalty.visit_counters SET vip = true"
                            + " WHERE customer_id = $1 AND merchant_id = $2")
                    .bind(0, pair.customerId())
                    .bind(1, pair.merchantId())
                    .fetch()
                    .rowsUpdated()
                    .thenReturn(m));
  }

  /** A customer's memberships, newest first; only at {@code merchantId} when it is not null. */
  public Flux<Membership> findByCustomer(String customerId, String merchantId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM loyalty.memberships WHERE customer_id = $1"
                + " AND ($2::text IS NULL OR merchant_id = $2) ORDER BY granted_at DESC")
        .bind(0, customerId)
        .bind(1, io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.VARCHAR, merchantId))
        .map(MembershipRepository::membership)
        .all();
  }

  private static Membership membership(io.r2dbc.spi.Readable r) {
    return new Membership(
        r.get("membership_id", UUID.class),
        r.get("customer_id", String.class),
        r.get("merchant_id", String.class),
        r.get("granted_at", OffsetDateTime.class).toInstant(),
        r.get("crossing_payment_id", String.class),
        r.get("visits_at_grant", Integer.class),
        r.get("threshold", Integer.class),
        r.get("benefit", String.class));
  }
}
