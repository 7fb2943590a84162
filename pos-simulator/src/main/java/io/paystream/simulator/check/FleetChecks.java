package io.paystream.simulator.check;

import io.paystream.contracts.card.PanScanner;
import io.paystream.simulator.report.RunCheck;
import io.paystream.simulator.report.RunReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The fleet-wide checks of issue 10, reading the fleet's PostgreSQL (JDBC), Kafka (admin client and
 * a group-less consumer) and service logs. Each check reports a failure to reach its source as a
 * {@code FAIL} with the reason, never as a pass.
 */
public final class FleetChecks {

  private final FleetSettings settings;
  private final Set<String> knownIdentifiers;

  /**
   * @param settings where to look
   * @param knownIdentifiers digit runs of identifiers the simulator registered itself (merchant
   *     names, phone numbers), not reported as card numbers ({@link PanScanner#digitRuns})
   */
  public FleetChecks(FleetSettings settings, Set<String> knownIdentifiers) {
    this.settings = settings;
    this.knownIdentifiers = Set.copyOf(knownIdentifiers);
  }

  /** The three checks, in report order. */
  public List<RunCheck> all() {
    return List.of(oneLedgerRowPerPayment(), zeroConsumerLag(), noCardNumbers());
  }

  Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", settings.dbUser());
    if (settings.dbPassword() != null && !settings.dbPassword().isEmpty()) {
      p.setProperty("password", settings.dbPassword());
    }
    p.setProperty("connectTimeout", "10");
    p.setProperty("readOnly", "true");
    p.setProperty("ApplicationName", "pos-simulator");
    return DriverManager.getConnection(settings.jdbcUrl(), p);
  }

  Admin admin() {
    Map<String, Object> p = new HashMap<>();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "pos-simulator-checks");
    return Admin.create(p);
  }

  // ---------------------------------------------------------------------------------------------
  // one ledger.transactions row per accepted payment

  /**
   * Every accepted payment has exactly one {@code ledger.transactions} row: counts missing and
   * duplicated payment ids (looked up 5,000 at a time with {@code payment_id = ANY(?)}), and the
   * rows' states.
   */
  public RunCheck oneLedgerRowPerPayment() {
    return context -> {
      String name = "one ledger.transactions row per accepted payment";
      Set<String> ids = new HashSet<>(context.acceptedPaymentIds());
      Map<String, Long> rows = new HashMap<>();
      Map<String, Long> states = new TreeMap<>();
      try (Connection c = connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT payment_id, count(*), min(status) FROM ledger.transactions"
                      + " WHERE payment_id = ANY(?) GROUP BY payment_id")) {
        List<String> all = List.copyOf(ids);
        for (int i = 0; i < all.size(); i += 5_000) {
          Array array =
              c.createArrayOf("text", all.subList(i, Math.min(all.size(), i + 5_000)).toArray());
          ps.setArray(1, array);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              rows.put(rs.getString(1), rs.getLong(2));
              states.merge(rs.getString(3), 1L, Long::sum);
            }
          }
        }
      } catch (SQLException e) {
        return fail(name, "database unreachable: " + e.getMessage());
      }
      LedgerCount count = LedgerCount.of(ids, rows);
      return new RunReport.CheckResult(
          name,
          count.missing() == 0 && count.duplicated() == 0 ? "PASS" : "FAIL",
          String.format(
              Locale.ROOT,
              "%d accepted, %d missing, %d duplicated; ledger states %s",
              ids.size(),
              count.missing(),
              count.duplicated(),
              states));
    };
  }

  /**
   * Missing and duplicated ledger rows.
   *
   * @param missing accepted payment ids without a row
   * @param duplicated accepted payment ids with more than one row
   */
  public record LedgerCount(long missing, long duplicated) {

    /** From the accepted ids and the row count per payment id found. */
    public static LedgerCount of(Collection<String> accepted, Map<String, Long> rowsById) {
      long missing = accepted.stream().filter(id -> rowsById.getOrDefault(id, 0L) == 0).count();
      long duplicated = accepted.stream().filter(id -> rowsById.getOrDefault(id, 0L) > 1).count();
      return new LedgerCount(missing, duplicated);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // zero consumer lag

  /**
   * Every consumer group has zero lag: committed offsets against log end offsets, polled every 2 s
   * for up to {@link FleetSettings#lagSettle()}; reports the lag per group/topic when it fails.
   */
  public RunCheck zeroConsumerLag() {
    return context -> {
      String name = "zero consumer lag at the end";
      Instant deadline = Instant.now().plus(settings.lagSettle());
      Map<String, Map<String, Long>> lag = Map.of();
      try (Admin admin = admin()) {
        while (true) {
          lag = lagByGroup(admin);
          if (ConsumerLag.total(lag) == 0 || Instant.now().isAfter(deadline)) {
            break;
          }
          Thread.sleep(2_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail(name, "interrupted");
      } catch (Exception e) {
        return fail(name, "Kafka unreachable: " + rootMessage(e));
      }
      long total = ConsumerLag.total(lag);
      String groups = lag.keySet().stream().collect(Collectors.joining(", "));
      return new RunReport.CheckResult(
          name,
          total == 0 && !lag.isEmpty() ? "PASS" : "FAIL",
          lag.isEmpty()
              ? "no consumer group found"
              : total == 0
                  ? "lag 0 in " + lag.size() + " groups (" + groups + ")"
                  : "lag "
                      + total
                      + " after "
                      + settings.lagSettle().toSeconds()
                      + " s: "
                      + ConsumerLag.describeNonZero(lag));
    };
  }

  /**
   * Committed offsets against log end offsets of every consumer group: group → topic → lag in
   * records (public for the fleet benchmark, which reads it after every step).
   */
  public static Map<String, Map<String, Long>> lagByGroup(Admin admin) throws Exception {
    Collection<GroupListing> groups =
        admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(30, TimeUnit.SECONDS);
    Map<String, Map<ConsumerLag.Partition, Long>> committed = new TreeMap<>();
    Set<TopicPartition> partitions = new HashSet<>();
    for (GroupListing g : groups) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(g.groupId())
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<ConsumerLag.Partition, Long> byPartition = new HashMap<>();
      offsets.forEach(
          (tp, om) -> {
            if (om != null) {
              byPartition.put(new ConsumerLag.Partition(tp.topic(), tp.partition()), om.offset());
              partitions.add(tp);
            }
          });
      committed.put(g.groupId(), byPartition);
    }
    Map<ConsumerLag.Partition, Long> ends = new HashMap<>();
    if (!partitions.isEmpty()) {
      Map<TopicPartition, OffsetSpec> spec =
          partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
          admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS);
      latest.forEach(
          (tp, info) ->
              ends.put(new ConsumerLag.Partition(tp.topic(), tp.partition()), info.offset()));
    }
    Map<String, Map<String, Long>> lag = new TreeMap<>();
    committed.forEach((group, offsets) -> lag.put(group, ConsumerLag.perTopic(offsets, ends)));
    return lag;
  }

  // ---------------------------------------------------------------------------------------------
  // no card numbers in logs, topics, tables

  /**
   * No Luhn-valid 12–19 digit number ({@link PanScanner}) in any {@code *.log} file under the logs
   * directory, any record (key, value, headers) of any non-internal topic read from the beginning
   * by a consumer without a group, or any text-like column (text, varchar, char, json, jsonb, text
   * arrays) of any table of the service schemas. Reports scanned lines/records/rows and where
   * numbers were found (masked).
   */
  public RunCheck noCardNumbers() {
    return noCardNumbers(null, true);
  }

  /**
   * As {@link #noCardNumbers()}, but the topics only from {@code topicsSince} on (each partition
   * from the first offset at or after that time; {@code null} = from the beginning) and the tables
   * only when {@code tables}: the chaos run checks each scenario's records and scans the tables
   * once at the end. The logs are always read whole.
   */
  public RunCheck noCardNumbers(Instant topicsSince, boolean tables) {
    return context -> {
      String name =
          "no Luhn-valid 12-19 digit number in logs, topics"
              + (topicsSince == null ? "" : " (since " + topicsSince + ")")
              + (tables ? ", tables" : "");
      Instant deadline = Instant.now().plus(settings.scanBudget());
      Findings findings = new Findings(knownIdentifiers);
      List<String> errors = new ArrayList<>();
      long lines = 0;
      long records = 0;
      long rows = 0;
      try {
        lines = scanLogs(findings, deadline);
      } catch (IOException e) {
        errors.add("logs: " + e.getMessage());
      }
      try {
        records = scanTopics(findings, deadline, topicsSince);
      } catch (Exception e) {
        errors.add("topics: " + rootMessage(e));
      }
      if (tables) {
        try {
          rows = scanTables(findings, deadline);
        } catch (SQLException e) {
          errors.add("tables: " + e.getMessage());
        }
      }
      boolean cut = Instant.now().isAfter(deadline);
      if (cut) {
        errors.add("scan budget of " + settings.scanBudget().toSeconds() + " s exhausted");
      }
      String detail =
          String.format(
              Locale.ROOT,
              "scanned %d log lines, %d records, %d rows; %d found%s%s%s%s",
              lines,
              records,
              rows,
              findings.count,
              findings.where.isEmpty() ? "" : " " + findings.where,
              findings.timestamps > 0
                  ? "; " + findings.timestamps + " Luhn-valid epoch timestamps ignored"
                  : "",
              findings.known > 0
                  ? "; " + findings.known + " Luhn-valid registered identifiers ignored"
                  : "",
              errors.isEmpty() ? "" : "; incomplete: " + String.join("; ", errors));
      return new RunReport.CheckResult(
          name, findings.count == 0 && errors.isEmpty() ? "PASS" : "FAIL", detail);
    };
  }

  /** Where card numbers were found: up to 20 places, each with its first masked number. */
  static final class Findings {
    final Set<String> allowed;
    long count;
    long timestamps;
    long known;
    final Map<String, String> where = new LinkedHashMap<>();

    Findings(Set<String> allowed) {
      this.allowed = allowed;
    }

    void add(String place, CharSequence text) {
      PanScanner.Result r = PanScanner.scan(text, allowed);
      timestamps += r.ignoredTimestamps();
      known += r.ignoredKnown();
      if (!r.clean()) {
        count += r.masked().size();
        if (where.size() < 20) {
          where.putIfAbsent(place, r.masked().getFirst());
        }
      }
    }
  }

  private long scanLogs(Findings findings, Instant deadline) throws IOException {
    Path dir = settings.logsDir();
    if (!Files.isDirectory(dir)) {
      throw new IOException("no logs directory " + dir.toAbsolutePath());
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log")).toList();
    }
    long lines = 0;
    for (Path f : files) {
      // ISO-8859-1 maps every byte to one char: digits survive, nothing is malformed
      try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
        String line;
        long n = 0;
        while ((line = in.readLine()) != null) {
          n++;
          findings.add(dir.relativize(f) + ":" + n, line);
          if ((n & 0x3ff) == 0 && Instant.now().isAfter(deadline)) {
            break;
          }
        }
        lines += n;
      }
    }
    return lines;
  }

  private long scanTopics(Findings findings, Instant deadline, Instant since) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    try (Admin admin = admin()) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .forEach(
              (topic, d) ->
                  d.partitions()
                      .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
    }
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "pos-simulator-pan-scan");
    long records = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
      ends.entrySet().removeIf(e -> e.getValue() == 0L);
      if (since != null) {
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(tp -> at.put(tp, since.toEpochMilli()));
        consumer
            .offsetsForTimes(at)
            .forEach(
                (tp, found) -> {
                  if (found == null) {
                    ends.remove(tp); // nothing written since
                  } else {
                    consumer.seek(tp, found.offset());
                  }
                });
      }
      // partitions with nothing to read (empty, or nothing written since) are not fetched at all
      consumer.pause(partitions.stream().filter(tp -> !ends.containsKey(tp)).toList());
      Map<TopicPartition, Long> remaining = new HashMap<>(ends);
      int idlePolls = 0;
      while (!remaining.isEmpty() && Instant.now().isBefore(deadline)) {
        var batch = consumer.poll(Duration.ofMillis(500));
        if (batch.isEmpty()) {
          // compacted or transactional tails may never deliver the last offsets
          remaining.keySet().removeIf(tp -> consumer.position(tp) >= ends.get(tp));
          if (++idlePolls >= 20) {
            break;
          }
          continue;
        }
        idlePolls = 0;
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          records++;
          findings.add(r.topic() + "-" + r.partition() + "@" + r.offset(), recordText(r));
        }
        for (TopicPartition tp : batch.partitions()) {
          if (consumer.position(tp) >= ends.get(tp)) {
            remaining.remove(tp);
          }
        }
      }
    }
    return records;
  }

  /** A record's key, value and headers (names and values) as one text, byte per char. */
  static String recordText(ConsumerRecord<byte[], byte[]> r) {
    StringBuilder sb = new StringBuilder();
    if (r.key() != null) {
      sb.append(new String(r.key(), StandardCharsets.ISO_8859_1)).append('\n');
    }
    if (r.value() != null) {
      sb.append(new String(r.value(), StandardCharsets.ISO_8859_1)).append('\n');
    }
    for (Header h : r.headers()) {
      sb.append(h.key()).append('=');
      if (h.value() != null) {
        sb.append(new String(h.value(), StandardCharsets.ISO_8859_1));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private long scanTables(Findings findings, Instant deadline) throws SQLException {
    long rows = 0;
    try (Connection c = connect()) {
      Map<String, List<String>> columns = new TreeMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c"
                  + " JOIN information_schema.tables t ON t.table_schema = c.table_schema"
                  + " AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
                  + " WHERE c.table_schema = ANY(?) AND (c.data_type IN ('text', 'character"
                  + " varying', 'character', 'json', 'jsonb') OR c.udt_name IN ('_text',"
                  + " '_varchar', '_bpchar')) ORDER BY c.table_schema, c.table_name,"
                  + " c.ordinal_position")) {
        ps.setArray(1, c.createArrayOf("text", settings.schemas().toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            columns
                .computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>())
                .add(rs.getString(3));
          }
        }
      }
      // a cursor (fetch size) needs a transaction
      c.setAutoCommit(false);
      for (Map.Entry<String, List<String>> table : columns.entrySet()) {
        if (Instant.now().isAfter(deadline)) {
          break;
        }
        String[] st = table.getKey().split("\\.", 2);
        String select =
            table.getValue().stream()
                .map(col -> "coalesce(" + quote(col) + "::text, '')")
                .collect(Collectors.joining(" || ' | ' || "));
        try (Statement s = c.createStatement()) {
          s.setFetchSize(2_000);
          try (ResultSet rs =
              s.executeQuery("SELECT " + select + " FROM " + quote(st[0]) + "." + quote(st[1]))) {
            long n = 0;
            while (rs.next()) {
              n++;
              findings.add(table.getKey() + " row " + n, rs.getString(1));
              if ((n & 0x3ff) == 0 && Instant.now().isAfter(deadline)) {
                break;
              }
            }
            rows += n;
          }
        }
      }
      c.rollback();
    }
    return rows;
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  // ---------------------------------------------------------------------------------------------
  // value created during the run (report section, not a check)

  /**
   * Loyalty VIPs granted ({@code loyalty.memberships}) and benefit tips sent ({@code benefit.tips},
   * by kind) for the run's customers since the run started. An unreachable database yields {@code
   * unavailable = 1}.
   *
   * @param customerIds the replayed customers
   * @param since when the run started
   */
  public Map<String, Long> valueCreated(Collection<String> customerIds, Instant since) {
    Map<String, Long> value = new TreeMap<>();
    try (Connection c = connect()) {
      Array customers = c.createArrayOf("text", customerIds.toArray());
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*), count(DISTINCT customer_id), count(DISTINCT merchant_id)"
                  + " FROM loyalty.memberships WHERE customer_id = ANY(?) AND granted_at >= ?")) {
        ps.setArray(1, customers);
        ps.setTimestamp(2, Timestamp.from(since));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          value.put("loyalty-vips-granted", rs.getLong(1));
          value.put("loyalty-vip-customers", rs.getLong(2));
          value.put("loyalty-vip-merchants", rs.getLong(3));
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT kind, count(*) FROM benefit.tips WHERE customer_id = ANY(?)"
                  + " AND created_at >= ? GROUP BY kind")) {
        ps.setArray(1, customers);
        ps.setTimestamp(2, Timestamp.from(since));
        long total = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            value.put(
                "benefit-tips-" + rs.getString(1).toLowerCase(Locale.ROOT).replace('_', '-'),
                rs.getLong(2));
            total += rs.getLong(2);
          }
        }
        value.put("benefit-tips-sent", total);
      }
    } catch (SQLException e) {
      value.put("unavailable", 1L);
    }
    return value;
  }

  private static RunReport.CheckResult fail(String name, String why) {
    return new RunReport.CheckResult(name, "FAIL", why);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
