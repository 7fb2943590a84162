package io.paystream.simulator.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Set-based reads of fds-service's ledger (schema {@code ledger}, Flyway {@code V1__ledger.sql})
 * and payment-api's status view (schema {@code registry}) over one step's payment ids, on the
 * benchmark's single connection (its backend's CPU is left out of PostgreSQL's).
 *
 * <p>fds inserts a {@code ledger.transactions} row only when it decides a payment, in the batch
 * transaction that also appends the events; {@code created_at} ({@code now()}: the start of that
 * transaction) is therefore the decision time, and payment-api's idempotency record the intake
 * time. A held payment's hold is its decision here (the cardholder's answer is not the fleet's
 * latency); held payments are counted apart.
 */
public final class LedgerProbe {

  /** Ids per statement. */
  static final int CHUNK = 10_000;

  /**
   * A decided payment.
   *
   * @param decidedAtMicros {@code ledger.transactions.created_at}, µs since the epoch
   * @param status its current state
   */
  public record Decided(long decidedAtMicros, String status) {}

  private final Connection db;

  public LedgerProbe(Connection db) {
    this.db = db;
  }

  /** The ledger rows of {@code paymentIds} (absent: not decided, or lost). */
  public Map<String, Decided> decided(Collection<String> paymentIds) throws SQLException {
    Map<String, Decided> out = new HashMap<>();
    List<String> ids = new ArrayList<>(paymentIds);
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT payment_id, (extract(epoch FROM created_at) * 1000000)::bigint, status"
                + " FROM ledger.transactions WHERE payment_id = ANY(?)")) {
      for (int from = 0; from < ids.size(); from += CHUNK) {
        Array array =
            db.createArrayOf(
                "text", ids.subList(from, Math.min(ids.size(), from + CHUNK)).toArray());
        ps.setArray(1, array);
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            out.put(r.getString(1), new Decided(r.getLong(2), r.getString(3)));
          }
        }
      }
    }
    return out;
  }

  /**
   * When payment-api took each request in: {@code registry.payments.received_at}, written by the
   * intake's one statement with the instant the request was taken in, looked up by its unique key
   * (client, idempotency key). Payment id → µs since the epoch. Same host clock as the ledger's
   * {@code created_at} (PostgreSQL's {@code now()}), unlike the client's receipt of the 202, which
   * on a saturated gateway can come after the decision.
   */
  public Map<String, Long> intakeMicros(List<String> clientIds, List<String> keys)
      throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT p.payment_id::text, (extract(epoch FROM p.received_at) * 1000000)::bigint"
                + " FROM unnest(?::text[], ?::text[]) AS k(client, key)"
                + " JOIN registry.payments p"
                + " ON p.client_id = k.client AND p.idempotency_key = k.key")) {
      for (int from = 0; from < keys.size(); from += CHUNK) {
        int to = Math.min(keys.size(), from + CHUNK);
        ps.setArray(1, db.createArrayOf("text", clientIds.subList(from, to).toArray()));
        ps.setArray(2, db.createArrayOf("text", keys.subList(from, to).toArray()));
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            out.put(r.getString(1), r.getLong(2));
          }
        }
      }
    }
    return out;
  }

  /**
   * Rows ever inserted into {@code ledger.transactions} ({@code pg_stat_user_tables.n_tup_ins}, a
   * cheap counter the statistics system updates within about a second): unchanged between two polls
   * means fds decided nothing in between.
   */
  public long ledgerInserts() throws SQLException {
    try (PreparedStatement ps =
            db.prepareStatement(
                "SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables"
                    + " WHERE schemaname = 'ledger' AND relname = 'transactions'");
        ResultSet r = ps.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Ledger rows (decisions) created in {@code [from, to)}, any payment. */
  public long decidedBetween(Instant from, Instant to) throws SQLException {
    return rowsBetween("created_at", from, to);
  }

  /** Ledger rows whose payment happened ({@code occurred_at}, event time) in {@code [from, to)}. */
  public long occurredBetween(Instant from, Instant to) throws SQLException {
    return rowsBetween("occurred_at", from, to);
  }

  private long rowsBetween(String column, Instant from, Instant to) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT count(*) FROM ledger.transactions WHERE "
                + column
                + " >= ? AND "
                + column
                + " < ?")) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /**
   * Payments too many in payment-api's status view for these idempotency keys: rows beyond one per
   * (client, key). 0 when exactly-once intake holds.
   */
  public long extraPaymentsPerKey(Collection<String> keys) throws SQLException {
    long extra = 0;
    List<String> list = new ArrayList<>(keys);
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT count(*) - count(DISTINCT (client_id, idempotency_key))"
                + " FROM registry.payments WHERE idempotency_key = ANY(?)")) {
      for (int from = 0; from < list.size(); from += CHUNK) {
        ps.setArray(
            1,
            db.createArrayOf(
                "text", list.subList(from, Math.min(list.size(), from + CHUNK)).toArray()));
        try (ResultSet r = ps.executeQuery()) {
          r.next();
          extra += r.getLong(1);
        }
      }
    }
    return extra;
  }
}
