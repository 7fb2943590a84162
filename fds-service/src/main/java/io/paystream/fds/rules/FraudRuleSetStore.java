package io.paystream.fds.rules;

import java.time.OffsetDateTime;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code ledger.fraud_rule_sets}: append-only (a trigger refuses UPDATE and DELETE), the highest
 * version is in force; each insert notifies {@code fraud_rule_sets} at commit.
 */
@Repository
public class FraudRuleSetStore {

  /** The {@code LISTEN}/{@code NOTIFY} channel of new rule sets. */
  public static final String CHANNEL = "fraud_rule_sets";

  private static final String COLUMNS =
      "version, rules::text AS rules, created_by, created_at, reason";

  private final DatabaseClient db;

  public FraudRuleSetStore(DatabaseClient db) {
    this.db = db;
  }

  /** The set in force, or empty while none was ever saved. */
  public Mono<StoredRuleSet> latest() {
    return db.sql(
            "SELECT " + COLUMNS + " FROM ledger.fraud_rule_sets ORDER BY version DESC LIMIT 1")
        .map(FraudRuleSetStore::row)
        .one();
  }

  /** The highest stored version, 0 when none. */
  public Mono<Long> latestVersion() {
    return db.sql("SELECT coalesce(max(version), 0) AS v FROM ledger.fraud_rule_sets")
        .map(r -> r.get("v", Long.class))
        .one();
  }

  /** Version {@code version}, or empty. */
  public Mono<StoredRuleSet> version(long version) {
    return db.sql("SELECT " + COLUMNS + " FROM ledger.fraud_rule_sets WHERE version = $1")
        .bind(0, version)
        .map(FraudRuleSetStore::row)
        .one();
  }

  /** The {@code limit} latest versions, newest first. */
  public Flux<StoredRuleSet> versions(int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM ledger.fraud_rule_sets ORDER BY version DESC LIMIT "
                + Math.max(1, limit))
        .map(FraudRuleSetStore::row)
        .all();
  }

  /**
   * Saves {@code rulesJson} as version {@code previous + 1}, only if {@code previous} is still the
   * latest version.
   *
   * @return the stored row, or empty when another version was saved since {@code previous} (the
   *     caller's copy is stale)
   */
  public Mono<StoredRuleSet> append(long previous, String rulesJson, String who, String why) {
    return db.sql(
            "INSERT INTO ledger.fraud_rule_sets (version, rules, created_by, reason)"
                + " SELECT $1, $2::jsonb, $3, $4"
                + " WHERE (SELECT coalesce(max(version), 0) FROM ledger.fraud_rule_sets) = $5"
                + " RETURNING "
                + COLUMNS)
        .bind(0, previous + 1)
        .bind(1, rulesJson)
        .bind(2, who)
        .bind(3, why)
        .bind(4, previous)
        .map(FraudRuleSetStore::row)
        .one()
        // two writers of the same next version: the primary key lets one through
        .onErrorResume(DataIntegrityViolationException.class, e -> Mono.empty());
  }

  private static StoredRuleSet row(io.r2dbc.spi.Readable r) {
    return new StoredRuleSet(
        r.get("version", Long.class),
        r.get("rules", String.class),
        r.get("created_by", String.class),
        r.get("created_at", OffsetDateTime.class),
        r.get("reason", String.class));
  }
}
