package io.paystream.loyalty.policy;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** SQL over {@code loyalty.policies}. */
@Repository
public class PolicyRepository {

  private final DatabaseClient db;

  public PolicyRepository(DatabaseClient db) {
    this.db = db;
  }

  /** The merchant's own policy, empty when it has none. */
  public Mono<PolicySettings> find(String merchantId) {
    return db.sql(
            "SELECT threshold, window_days, benefit FROM loyalty.policies WHERE merchant_id = $1")
        .bind(0, merchantId)
        .map(
            r ->
                new PolicySettings(
                    r.get("threshold", Integer.class),
                    r.get("window_days", Integer.class),
                    r.get("benefit", String.class)))
        .one();
  }

  /** Creates or replaces the merchant's policy. */
  public Mono<Void> upsert(String merchantId, PolicySettings settings, String updatedBy) {
    return db.sql(
            "INSERT INTO loyalty.policies (merchant_id, threshold, window_days, benefit, updated_by)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (merchant_id) DO UPDATE SET"
                + " threshold = EXCLUDED.threshold, window_days = EXCLUDED.window_days,"
                + " benefit = EXCLUDED.benefit, updated_by = EXCLUDED.updated_by,"
                + " updated_at = clock_timestamp()")
        .bind(0, merchantId)
        .bind(1, settings.threshold())
        .bind(2, io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.INTEGER, settings.windowDays()))
        .bind(3, settings.benefit() == null ? "" : settings.benefit())
        .bind(4, io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.VARCHAR, updatedBy))
        .fetch()
        .rowsUpdated()
        .then();
  }
}
