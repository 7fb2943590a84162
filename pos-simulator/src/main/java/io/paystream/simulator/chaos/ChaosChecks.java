package io.paystream.simulator.chaos;

import io.paystream.simulator.bench.LedgerProbe;
import io.paystream.simulator.check.ConsumerLag;
import io.paystream.simulator.check.FleetChecks;
import io.paystream.simulator.report.RunReport;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The checks after each chaos scenario (issue 17), against the fleet's PostgreSQL (directly, not
 * through the latency proxy) and Kafka:
 *
 * <ul>
 *   <li><b>lost</b>: a payment that got a 202 without exactly one {@code ledger.transactions} row,
 *       or whose state in the ledger or in payment-api's status view ({@code registry.payments},
 *       what {@code GET /v1/payments/{id}} reads) is not final or pending ({@code COMPLETED},
 *       {@code DENIED}, {@code EXPIRED}, {@code PENDING_VERIFICATION});
 *   <li><b>duplicated</b>: ledger rows beyond one per payment (same client, merchant, card token,
 *       amount, currency and event time: the scenario's traffic never repeats these) plus payments
 *       beyond one per {@code (client, Idempotency-Key)} in the status view;
 *   <li><b>held</b>: every burst payment that was held ({@code PENDING_VERIFICATION} in {@code
 *       ledger.payment_events}) ended {@code COMPLETED} (the cardholder answers YES);
 *   <li>consumer lag 0 in every group;
 *   <li>dead-letter topics: every record written during the scenario must be bad in itself (a
 *       deserialization or schema failure); the chaos traffic has none, so anything else is a
 *       transient fault that reached a DLT;
 *   <li>no PAN in logs and in the records written since the scenario began ({@link FleetChecks}).
 * </ul>
 */
final class ChaosChecks {

  /** States a settled payment may be in. */
  static final Set<String> SETTLED =
      Set.of("COMPLETED", "DENIED", "EXPIRED", "PENDING_VERIFICATION");

  /** Exceptions of records that are bad in themselves (by class name, as the DLT headers say). */
  static final List<String> BAD_RECORD_EXCEPTIONS =
      List.of("DeserializationException", "EventRejectedException", "SchemaValidation");

  /**
   * One accepted payment.
   *
   * @param paymentId from the 202
   * @param clientId the terminal client
   * @param idempotencyKey its key
   * @param held sent in a velocity burst (may be held)
   */
  record Accepted(String paymentId, String clientId, String idempotencyKey, boolean burst) {}

  /** What the money checks found once the fleet settled (or the settle time ran out). */
  record Money(
      long accepted,
      long lost,
      Map<String, Long> lostBy,
      List<String> lostExamples,
      long duplicated,
      Map<String, Long> duplicatedBy,
      long held,
      long heldCompleted,
      Map<String, Long> heldNotCompleted,
      long processedWithout202,
      long lag,
      String lagDetail,
      double settleSeconds) {}

  /** The checks' database connection, opened again when a fault broke it. */
  @FunctionalInterface
  interface Database {
    Connection connection() throws SQLException;
  }

  private final Database database;
  private final Admin kafka;
  private final String bootstrap;

  ChaosChecks(Database database, Admin kafka, String bootstrap) {
    this.database = database;
    this.kafka = kafka;
    this.bootstrap = bootstrap;
  }

  /**
   * Waits until every accepted payment is settled in the ledger and the status view, every held
   * burst payment is final and the lag is 0, at most {@code settle}; then counts.
   *
   * @param windowFrom first event time of the scenario's traffic
   * @param windowTo last event time (exclusive)
   * @param keys every key sent in the scenario
   * @param repeatsAreDuplicates whether two ledger rows with the same client, merchant, card,
   *     amount and event time are one payment charged twice (the load never repeats these; the
   *     fuzz's bodies do, on purpose, under different keys)
   */
  Money money(
      List<Accepted> accepted,
      Collection<String> keys,
      Instant windowFrom,
      Instant windowTo,
      Duration settle,
      boolean repeatsAreDuplicates)
      throws Exception {
    long start = System.nanoTime();
    List<String> ids =
        accepted.stream().map(Accepted::paymentId).filter(id -> !id.isEmpty()).distinct().toList();
    List<String> burstIds =
        accepted.stream().filter(Accepted::burst).map(Accepted::paymentId).toList();
    Map<String, String> ledger;
    Map<String, String> view;
    Set<String> held;
    long lag;
    while (true) {
      try {
        ledger = statuses("SELECT payment_id, status FROM ledger.transactions", ids, false);
        view = statuses("SELECT payment_id::text, status FROM registry.payments", ids, true);
        held = heldOf(burstIds);
      } catch (SQLException e) {
        // PostgreSQL is still coming back from the fault: try again until the settle time is up
        if (System.nanoTime() - start > settle.toNanos()) {
          throw e;
        }
        Thread.sleep(2_000);
        continue;
      }
      lag = lag();
      Map<String, String> l = ledger;
      Map<String, String> v = view;
      boolean settled =
          lag == 0 && ids.stream().allMatch(id -> settled(l.get(id)) && settled(v.get(id)));
      boolean heldFinal =
          held.stream()
              .allMatch(id -> l.get(id) != null && !l.get(id).equals("PENDING_VERIFICATION"));
      if ((settled && heldFinal) || System.nanoTime() - start > settle.toNanos()) {
        break;
      }
      Thread.sleep(2_000);
    }
    Map<String, Long> lostBy = new TreeMap<>();
    List<String> lostExamples = new ArrayList<>();
    long lost = 0;
    for (String id : ids) {
      String reason =
          ledger.get(id) == null
              ? "no ledger row"
              : !settled(ledger.get(id))
                  ? "ledger " + ledger.get(id)
                  : !settled(view.get(id)) ? "status view " + view.get(id) : null;
      if (reason != null) {
        lost++;
        lostBy.merge(reason, 1L, Long::sum);
        if (lostExamples.size() < 10) {
          lostExamples.add(id + " (" + reason + ")");
        }
      }
    }
    long noId = accepted.stream().filter(a -> a.paymentId().isEmpty()).count();
    if (noId > 0) {
      lost += noId;
      lostBy.put("2xx without a paymentId", noId);
    }
    long heldCompleted = 0;
    Map<String, Long> heldNot = new TreeMap<>();
    for (String id : held) {
      if ("COMPLETED".equals(ledger.get(id))) {
        heldCompleted++;
      } else {
        heldNot.merge(String.valueOf(ledger.get(id)), 1L, Long::sum);
      }
    }
    long ledgerTwice = repeatsAreDuplicates ? duplicateLedgerRows(windowFrom, windowTo) : 0;
    long keyTwice = new LedgerProbe(database.connection()).extraPaymentsPerKey(keys);
    long duplicated = ledgerTwice + keyTwice;
    Map<String, Long> duplicatedBy = new TreeMap<>();
    if (ledgerTwice > 0) {
      duplicatedBy.put(
          "ledger rows for one payment (same client, merchant, card, amount, time)", ledgerTwice);
    }
    if (keyTwice > 0) {
      duplicatedBy.put("status-view payments for one idempotency key", keyTwice);
    }
    long without202 =
        new LedgerProbe(database.connection()).occurredBetween(windowFrom, windowTo)
            - ledger.size();
    Map<String, Map<String, Long>> lagBy;
    try {
      lagBy = FleetChecks.lagByGroup(kafka);
    } catch (Exception e) {
      lagBy = Map.of();
    }
    return new Money(
        ids.size() + noId,
        lost,
        lostBy,
        lostExamples,
        duplicated,
        duplicatedBy,
        held.size(),
        heldCompleted,
        heldNot,
        Math.max(0, without202),
        lag,
        ConsumerLag.describeNonZero(lagBy),
        (System.nanoTime() - start) / 1e9);
  }

  static boolean settled(String status) {
    return status != null && SETTLED.contains(status);
  }

  private Map<String, String> statuses(String select, List<String> ids, boolean uuid)
      throws SQLException {
    Connection db = database.connection();
    Map<String, String> out = new HashMap<>();
    String sql = select + " WHERE payment_id = ANY(?" + (uuid ? "::uuid[]" : "") + ")";
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int from = 0; from < ids.size(); from += 5_000) {
        List<String> chunk =
            ids.subList(from, Math.min(ids.size(), from + 5_000)).stream()
                .filter(id -> !uuid || id.length() == 36)
                .toList();
        Array array = db.createArrayOf("text", chunk.toArray());
        ps.setArray(1, array);
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            out.put(r.getString(1), r.getString(2));
          }
        }
      }
    }
    return out;
  }

  /** The burst payments that were ever held for verification. */
  private Set<String> heldOf(List<String> burstIds) throws SQLException {
    Connection db = database.connection();
    Set<String> held = new HashSet<>();
    if (burstIds.isEmpty()) {
      return held;
    }
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT DISTINCT payment_id FROM ledger.payment_events"
                + " WHERE payment_id = ANY(?) AND status = 'PENDING_VERIFICATION'")) {
      ps.setArray(1, db.createArrayOf("text", burstIds.toArray()));
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          held.add(r.getString(1));
        }
      }
    }
    return held;
  }

  /** Ledger rows beyond one per (client, merchant, card, amount, currency, event time). */
  long duplicateLedgerRows(Instant from, Instant to) throws SQLException {
    Connection db = database.connection();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM ledger.transactions"
                + " WHERE occurred_at >= ? AND occurred_at < ? GROUP BY client_id, merchant_id,"
                + " card_token, amount_minor, currency, occurred_at HAVING count(*) > 1) d")) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Decisions (ledger rows) per second of {@code [from, from + seconds)}, by creation time. */
  long[] decidedPerSecond(Instant from, int seconds) throws SQLException {
    Connection db = database.connection();
    long[] out = new long[Math.max(0, seconds)];
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT floor(extract(epoch FROM created_at - ?))::int, count(*)"
                + " FROM ledger.transactions WHERE created_at >= ? AND created_at < ? GROUP BY 1")) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(from.plusSeconds(seconds)));
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          int i = r.getInt(1);
          if (i >= 0 && i < out.length) {
            out[i] = r.getLong(2);
          }
        }
      }
    }
    return out;
  }

  private long lag() {
    try {
      return ConsumerLag.total(FleetChecks.lagByGroup(kafka));
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * Dead-letter records written since {@code since}, by exception class; a class not in {@link
   * #BAD_RECORD_EXCEPTIONS} marks a record that was not bad in itself.
   */
  RunReport.CheckResult deadLetters(Instant since) {
    String name = "dead-letter topics hold only records bad in themselves";
    Map<String, Long> byException = new TreeMap<>();
    long notBad = 0;
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      Set<String> topics =
          kafka.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.endsWith("-dlt"))
              .collect(java.util.stream.Collectors.toSet());
      kafka
          .describeTopics(topics)
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .forEach(
              (t, d) ->
                  d.partitions()
                      .forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
      Map<String, Object> p = new HashMap<>();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      p.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-dlt-check");
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(tp -> at.put(tp, since.toEpochMilli()));
        Map<TopicPartition, Long> remaining = new HashMap<>();
        consumer
            .offsetsForTimes(at)
            .forEach(
                (tp, found) -> {
                  if (found != null && found.offset() < ends.get(tp)) {
                    consumer.seek(tp, found.offset());
                    remaining.put(tp, ends.get(tp));
                  }
                });
        consumer.pause(partitions.stream().filter(tp -> !remaining.containsKey(tp)).toList());
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            String exception = header(r, "kafka_dlt-exception-fqcn");
            String cause = header(r, "kafka_dlt-exception-cause-fqcn");
            String label = simple(exception) + (cause.isEmpty() ? "" : " / " + simple(cause));
            byException.merge(r.topic() + ": " + label, 1L, Long::sum);
            if (BAD_RECORD_EXCEPTIONS.stream().noneMatch(b -> label.contains(b))) {
              notBad++;
            }
          }
          remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
        }
      }
    } catch (Exception e) {
      return new RunReport.CheckResult(name, "FAIL", "Kafka unreachable: " + e.getMessage());
    }
    long total = byException.values().stream().mapToLong(Long::longValue).sum();
    return new RunReport.CheckResult(
        name,
        notBad == 0 ? "PASS" : "FAIL",
        total == 0
            ? "no dead-letter record since " + since
            : total
                + " dead-letter records ("
                + notBad
                + " not bad in themselves): "
                + byException);
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String simple(String fqcn) {
    return fqcn.isEmpty() ? "?" : fqcn.substring(fqcn.lastIndexOf('.') + 1);
  }
}
