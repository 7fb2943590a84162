package io.paystream.simulator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchors the fleet is compared with, run in the same benchmark: raw Kafka produce → consume of
 * {@code payment.requested.v1} through the contracts serde ({@code make bench-kafka}'s output,
 * parsed), {@code pgbench} writing fds's ledger rows in fds-sized batches into a scratch database,
 * and {@code wrk} reading a payment's status from payment-api directly and through the gateway.
 */
public final class Anchors {

  private Anchors() {}

  /**
   * {@code Devstack bench} (make bench-kafka) result.
   *
   * @param events events produced (and consumed)
   * @param producePerSec produce rate, records/s (acks=all, idempotent, CloudEvents binary)
   * @param consumePerSec consume + deserialize (+ schema validation) rate, records/s
   */
  public record KafkaAnchor(long events, double producePerSec, double consumePerSec) {}

  /**
   * {@code pgbench} writing ledger rows.
   *
   * @param batch payments per transaction (fds: one transaction per Kafka poll of ≤ 500 records)
   * @param clients pgbench connections (fds: 3 listener threads)
   * @param seconds duration, s
   * @param transactionsPerSec pgbench tps (without connection time)
   * @param paymentsPerSec payments written per second ({@code tps × batch}): one {@code
   *     transactions} row, 3 {@code payment_events}, 2 {@code outbox} rows, one {@code
   *     processed_events} row and one card-profile upsert each
   */
  public record PgbenchAnchor(
      int batch, int clients, int seconds, double transactionsPerSec, double paymentsPerSec) {}

  /**
   * One {@code wrk} run.
   *
   * @param url what was read
   * @param requestsPerSec requests/s
   * @param p50Ms latency median, ms
   * @param p99Ms latency 99th percentile, ms
   * @param requests requests completed
   * @param non2xx answers outside 2xx/3xx
   */
  public record WrkRun(
      String url, double requestsPerSec, double p50Ms, double p99Ms, long requests, long non2xx) {}

  /**
   * {@code wrk} against payment-api and the gateway, same connections and duration.
   *
   * @param threads wrk threads
   * @param connections open connections
   * @param seconds duration of each run, s
   * @param direct payment-api ({@code :8081})
   * @param gateway the gateway ({@code :8080})
   */
  public record WrkAnchor(
      int threads, int connections, int seconds, WrkRun direct, WrkRun gateway) {}

  // ------------------------------------------------------------------------------------- kafka

  private static final Pattern PRODUCED =
      Pattern.compile("produced ([\\d,]+) .*?: ([\\d,.]+) records/s");
  private static final Pattern CONSUMED =
      Pattern.compile("consumed ([\\d,]+) .*?: ([\\d,.]+) records/s");

  /** Parses {@code Devstack bench}'s two result lines; empty when they are not there. */
  public static Optional<KafkaAnchor> parseKafka(String output) {
    Matcher p = PRODUCED.matcher(output);
    Matcher c = CONSUMED.matcher(output);
    if (!p.find() || !c.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new KafkaAnchor(number(p.group(1)).longValue(), number(p.group(2)), number(c.group(2))));
  }

  // ----------------------------------------------------------------------------------- pgbench

  private static final Pattern TPS = Pattern.compile("tps = ([\\d.]+) \\(without initial");

  /** pgbench's tps (without initial connection time); empty when absent. */
  public static Optional<Double> parsePgbenchTps(String output) {
    Matcher m = TPS.matcher(output);
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  /**
   * The pgbench script: one transaction per batch of {@code :batch} payments, the statements fds's
   * {@code PaymentDecisionService} runs for a poll (mark processed, existing payments, lock
   * profiles, insert transactions, append events, upsert profiles, enqueue outbox), each set-based
   * as in {@code LedgerRepository}.
   */
  static String pgbenchScript() {
    String payment =
        "'{\"paymentId\":\"pb\",\"clientId\":\"pos-gen-m5411-seoul-01\",\"customerId\":\"gen-u00001\","
            + "\"card\":{\"token\":\"k1_bench\",\"bin\":\"424242\",\"lastFour\":\"4242\","
            + "\"brand\":\"Visa\",\"type\":\"CREDIT\",\"expiryMonth\":12,\"expiryYear\":2030},"
            + "\"merchant\":{\"id\":\"gen-m5411-seoul-01\",\"name\":\"Grocery Seoul #1\","
            + "\"mcc\":\"5411\",\"country\":\"KR\",\"location\":{\"lat\":37.5665,\"lon\":126.978,"
            + "\"accuracyKm\":0.05}},\"amountMinor\":12000,\"currency\":\"KRW\",\"channel\":\"POS\","
            + "\"terminalId\":\"T-gen-m5411-seoul-01\",\"occurredAt\":\"2026-11-21T10:00:00+09:00\","
            + "\"location\":{\"lat\":37.5665,\"lon\":126.978,\"accuracyKm\":0.05}}'::jsonb";
    String recent =
        "'["
            + String.join(
                ",",
                java.util.Collections.nCopies(
                    20,
                    "{\"paymentId\":\"00000000-0000-0000-0000-000000000000\",\"amountMinor\":12000,"
                        + "\"currency\":\"KRW\",\"occurredAt\":\"2026-11-21T01:00:00Z\","
                        + "\"approved\":true}"))
            + "]'::jsonb";
    String located =
        "'[{\"paymentId\":\"00000000-0000-0000-0000-000000000000\",\"lat\":37.5665,\"lon\":126.978,"
            + "\"accuracyKm\":0.05,\"occurredAt\":\"2026-11-21T01:00:00Z\"}]'::jsonb";
    String ids = "FROM generate_series(1, :batch) g";
    return String.join(
        "\n",
        "\\set t random(1, 9000000000000000000)",
        "BEGIN;",
        "INSERT INTO ledger.processed_events (event_id) SELECT 'pe-' || :t || '-' || g "
            + ids
            + " ON CONFLICT DO NOTHING RETURNING event_id;",
        "SELECT payment_id FROM ledger.transactions WHERE payment_id = ANY (ARRAY(SELECT 'pb-' || :t"
            + " || '-' || g "
            + ids
            + "));",
        "SELECT card_token, version FROM ledger.card_profiles WHERE card_token = ANY (ARRAY(SELECT"
            + " 'k1_bench' || ((:t + g) % 10000) "
            + ids
            + ")) ORDER BY card_token FOR UPDATE;",
        "INSERT INTO ledger.transactions (payment_id, card_token, customer_id, client_id,"
            + " merchant_id, merchant_name, channel, amount_minor, currency, location, occurred_at,"
            + " status, last_sequence, reason_codes, travel) SELECT 'pb-' || :t || '-' || g,"
            + " 'k1_bench' || ((:t + g) % 10000), 'gen-u' || g, 'pos-gen-m5411-seoul-01',"
            + " 'gen-m5411-seoul-01', 'Grocery Seoul #1', 'POS', 12000 + g, 'KRW',"
            + " '{\"lat\":37.5665,\"lon\":126.978,\"accuracyKm\":0.05}'::jsonb, now(), 'COMPLETED', 2,"
            + " '{}', NULL "
            + ids
            + ";",
        "INSERT INTO ledger.payment_events (payment_id, sequence, status, reason_codes, data)"
            + " SELECT 'pb-' || :t || '-' || g, s, (ARRAY['RECEIVED','APPROVED','COMPLETED'])[s + 1],"
            + " '{}', CASE WHEN s = 0 THEN "
            + payment
            + " ELSE '{}'::jsonb END "
            + ids
            + ", generate_series(0, 2) s;",
        "INSERT INTO ledger.card_profiles (card_token, status, located, recent, version, updated_at)"
            + " SELECT DISTINCT ON (c) c, 'ACTIVE', "
            + located
            + ", "
            + recent
            + ", 0, now() FROM"
            + " (SELECT 'k1_bench' || ((:t + g) % 10000) AS c "
            + ids
            + ") x"
            + " ON CONFLICT (card_token) DO UPDATE SET status = EXCLUDED.status, located ="
            + " EXCLUDED.located, recent = EXCLUDED.recent, version = card_profiles.version + 1,"
            + " updated_at = now();",
        "INSERT INTO ledger.outbox (event_id, topic, message_key, event_type, subject, event_time,"
            + " payload) SELECT 'ob-' || :t || '-' || g || '-' || s, 'payment-decisions', 'k1_bench'"
            + " || ((:t + g) % 10000), 'payment.decided.v1', 'pb-' || :t || '-' || g, now(), "
            + payment
            + " "
            + ids
            + ", generate_series(1, 2) s ON CONFLICT (event_id) DO NOTHING;",
        "COMMIT;",
        "");
  }

  /**
   * Creates the scratch database (dropped first if it exists) with fds-service's ledger schema from
   * its Flyway migration, runs pgbench, drops the scratch database.
   *
   * @param adminJdbcUrl JDBC URL of the cluster's {@code postgres} database
   * @param host PostgreSQL host for pgbench
   * @param port its port
   * @param user user
   * @param password password (empty: trust)
   * @param scratchDb scratch database name ({@code paystream_bench})
   * @param ledgerDdl fds-service's {@code V1__ledger.sql}
   * @param workDir where the script is written
   */
  public static PgbenchAnchor pgbench(
      String adminJdbcUrl,
      String host,
      int port,
      String user,
      String password,
      String scratchDb,
      Path ledgerDdl,
      Path workDir,
      int batch,
      int clients,
      int seconds)
      throws Exception {
    try (Connection admin = DriverManager.getConnection(adminJdbcUrl, user, password);
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + scratchDb + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + scratchDb);
    }
    String scratchUrl = adminJdbcUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + scratchDb + "$1");
    try (Connection c = DriverManager.getConnection(scratchUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA ledger");
      s.execute("SET search_path = ledger");
      s.execute(Files.readString(ledgerDdl, StandardCharsets.UTF_8));
    }
    try {
      Path script = workDir.resolve("pgbench-ledger.sql");
      Files.writeString(script, pgbenchScript(), StandardCharsets.UTF_8);
      List<String> cmd =
          List.of(
              "pgbench",
              "-n",
              "-h",
              host,
              "-p",
              Integer.toString(port),
              "-U",
              user,
              "-c",
              Integer.toString(clients),
              "-j",
              Integer.toString(Math.min(clients, 2)),
              "-T",
              Integer.toString(seconds),
              "-D",
              "batch=" + batch,
              "-f",
              script.toString(),
              scratchDb);
      String out = run(cmd, Map.of("PGPASSWORD", password), Duration.ofSeconds(seconds + 60));
      Files.writeString(workDir.resolve("pgbench.txt"), out, StandardCharsets.UTF_8);
      double tps =
          parsePgbenchTps(out)
              .orElseThrow(() -> new IllegalStateException("pgbench gave no tps: " + tail(out)));
      return new PgbenchAnchor(batch, clients, seconds, round(tps), round(tps * batch));
    } finally {
      try (Connection admin = DriverManager.getConnection(adminJdbcUrl, user, password);
          Statement s = admin.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + scratchDb + " WITH (FORCE)");
      } catch (SQLException e) {
        // the scratch database stays; the next run drops it first
      }
    }
  }

  // --------------------------------------------------------------------------------------- wrk

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern PCT =
      Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

  /** Parses {@code wrk --latency} output. */
  public static WrkRun parseWrk(String url, String output) {
    Matcher rps = RPS.matcher(output);
    if (!rps.find()) {
      throw new IllegalStateException("wrk gave no Requests/sec: " + tail(output));
    }
    double p50 = 0;
    double p99 = 0;
    Matcher pct = PCT.matcher(output);
    while (pct.find()) {
      double v = Double.parseDouble(pct.group(2));
      double ms =
          switch (pct.group(3)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
          };
      if (pct.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    Matcher req = REQUESTS.matcher(output);
    Matcher non = NON2XX.matcher(output);
    return new WrkRun(
        url,
        Double.parseDouble(rps.group(1)),
        round(p50),
        round(p99),
        req.find() ? Long.parseLong(req.group(1)) : 0,
        non.find() ? Long.parseLong(non.group(1)) : 0);
  }

  /** The wrk script: a GET with the bearer token from {@code BENCH_TOKEN} (not written to disk). */
  static String wrkScript() {
    return String.join(
        "\n",
        "wrk.method = \"GET\"",
        "wrk.headers[\"Accept\"] = \"application/json\"",
        "wrk.headers[\"Authorization\"] = \"Bearer \" .. os.getenv(\"BENCH_TOKEN\")",
        "");
  }

  /** wrk against {@code directUrl} then {@code gatewayUrl}, same threads/connections/duration. */
  public static WrkAnchor wrk(
      String directUrl,
      String gatewayUrl,
      String token,
      Path workDir,
      int threads,
      int connections,
      int seconds)
      throws Exception {
    Path script = workDir.resolve("wrk-payment-status.lua");
    Files.writeString(script, wrkScript(), StandardCharsets.UTF_8);
    List<WrkRun> runs = new ArrayList<>();
    for (String url : List.of(directUrl, gatewayUrl)) {
      String out =
          run(
              List.of(
                  "wrk",
                  "-t" + threads,
                  "-c" + connections,
                  "-d" + seconds + "s",
                  "--latency",
                  "-s",
                  script.toString(),
                  url),
              Map.of("BENCH_TOKEN", token),
              Duration.ofSeconds(seconds + 60));
      runs.add(parseWrk(url, out));
    }
    return new WrkAnchor(threads, connections, seconds, runs.get(0), runs.get(1));
  }

  // -------------------------------------------------------------------------------------------

  static String run(List<String> command, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command.getFirst() + " did not finish in " + timeout);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          command.getFirst() + " exited " + p.exitValue() + ": " + tail(text));
    }
    return text;
  }

  private static Double number(String s) {
    return Double.parseDouble(s.replace(",", ""));
  }

  private static String tail(String s) {
    return s.length() > 400 ? s.substring(s.length() - 400) : s;
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
