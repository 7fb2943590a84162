package io.paystream.simulator.bench;

import io.paystream.simulator.FleetConnectionOptions;
import io.paystream.simulator.check.ConsumerLag;
import io.paystream.simulator.check.FleetChecks;
import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.Terminals;
import io.paystream.simulator.replay.TokenClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fleet benchmark ({@code make bench}, issue 16): registers thousands of cards and one OAuth 2
 * terminal client per merchant site, warms the fleet up, then drives open-loop payments through the
 * gateway in steps of offered rate, each followed by a drain; holds the best step for a soak; runs
 * the anchors; writes {@code fleet-bench.json} and {@code fleet-bench.html}. Expects a running dev
 * fleet ({@code make bench} starts one on emptied data and stops it afterwards).
 * docs/performance.md.
 */
@Command(
    name = "fleet-bench",
    mixinStandardHelpOptions = true,
    description = "Open-loop fleet benchmark through the gateway (make bench).")
public final class FleetBench implements Callable<Integer> {

  @Mixin FleetConnectionOptions fleet;

  @Option(names = "--quick", description = "30 s steps, short warm-up, no soak.")
  boolean quick;

  @Option(
      names = "--steps",
      split = ",",
      description =
          "Offered rates, payments/s (default 100,250,500,1000,2000; QUICK 10,25,50,100).")
  List<Double> steps;

  @Option(names = "--step-seconds", description = "Seconds per step (default 60; QUICK 30).")
  Integer stepSeconds;

  @Option(names = "--warmup-seconds", description = "Warm-up seconds (default 60; QUICK 45).")
  Integer warmupSeconds;

  @Option(
      names = "--warmup-rate",
      description = "Warm-up rate, payments/s (default: the first step's, at most 50).")
  Double warmupRate;

  @Option(names = "--soak-seconds", description = "Soak seconds (default 300; QUICK: no soak).")
  Integer soakSeconds;

  @Option(
      names = "--drain-seconds",
      description =
          "After each step, wait at most this long for decisions and lag 0 (60; QUICK 30).")
  Integer drainSeconds;

  @Option(names = "--cards", defaultValue = "0", description = "Cards (0 = 16 × the top rate).")
  int cards;

  @Option(names = "--seed", defaultValue = "16", description = "Traffic seed.")
  long seed;

  @Option(names = "--tier", defaultValue = "premium", description = "Terminals' rate-limit tier.")
  String tier;

  @Option(names = "--max-in-flight", defaultValue = "2000", description = "Outstanding requests.")
  int maxInFlight;

  @Option(names = "--request-timeout", defaultValue = "10s", description = "Per request.")
  String requestTimeout;

  @Option(names = "--payment-api", defaultValue = "http://127.0.0.1:8081")
  String paymentApi;

  @Option(names = "--redis-host", defaultValue = "127.0.0.1")
  String redisHost;

  @Option(names = "--redis-port", defaultValue = "6379")
  int redisPort;

  @Option(names = "--run-dir", defaultValue = ".run", description = "The dev stack's run dir.")
  Path runDir;

  @Option(names = "--out", defaultValue = ".run/bench", description = "Where results go.")
  Path out;

  @Option(
      names = "--kafka-anchor-output",
      defaultValue = ".run/bench/kafka-anchor.txt",
      description = "Output of make bench-kafka (Devstack bench) to parse.")
  Path kafkaAnchorOutput;

  @Option(
      names = "--ledger-ddl",
      defaultValue = "fds-service/src/main/resources/db/migration/ledger/V1__ledger.sql")
  Path ledgerDdl;

  @Option(names = "--pgbench-seconds", description = "Default 30; QUICK 10.")
  Integer pgbenchSeconds;

  @Option(names = "--pgbench-batch", defaultValue = "100", description = "Payments per tx.")
  int pgbenchBatch;

  @Option(names = "--pgbench-clients", defaultValue = "3")
  int pgbenchClients;

  @Option(names = "--wrk-seconds", description = "Default 30; QUICK 10.")
  Integer wrkSeconds;

  @Option(names = "--wrk-connections", defaultValue = "32")
  int wrkConnections;

  @Option(names = "--wrk-threads", defaultValue = "2")
  int wrkThreads;

  @Option(names = "--no-anchors", description = "Skip pgbench and wrk.")
  boolean noAnchors;

  /** One step's raw measurements, kept until the end of the run for the late decisions. */
  private static final class StepRun {
    StepSummariser.StepMeasurement m;
    final Map<String, Long> missingAcceptedAt = new HashMap<>();
  }

  private final Limits limits = Limits.DEFAULT;
  private Connection db;
  private LedgerProbe ledger;
  private Admin kafka;
  private CpuSampler cpu;
  private OpenLoopDriver driver;
  private BenchTraffic traffic;

  public static void main(String[] args) {
    System.exit(new CommandLine(new FleetBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Instant started = Instant.now();
    List<Double> ladder =
        steps != null && !steps.isEmpty()
            ? steps
            : quick
                ? List.of(10.0, 25.0, 50.0, 100.0)
                : List.of(100.0, 250.0, 500.0, 1000.0, 2000.0);
    int stepSec = stepSeconds != null ? stepSeconds : quick ? 30 : 60;
    int warmSec = warmupSeconds != null ? warmupSeconds : quick ? 45 : 60;
    double warmRate = warmupRate != null ? warmupRate : Math.min(50, ladder.getFirst());
    int soakSec = soakSeconds != null ? soakSeconds : quick ? 0 : 300;
    int drainSec = drainSeconds != null ? drainSeconds : quick ? 30 : 60;
    double topRate = ladder.stream().mapToDouble(Double::doubleValue).max().orElse(100);
    int cardCount = cards > 0 ? cards : (int) Math.max(2_000, Math.ceil(16 * topRate));
    Files.createDirectories(out);
    List<String> notes = new ArrayList<>();
    notes.add(
        "load average at start: "
            + loadAverage()
            + " ("
            + Runtime.getRuntime().availableProcessors()
            + " cores)");

    String prefix = "bench-" + started.getEpochSecond();
    traffic = BenchTraffic.create(cardCount, seed, prefix);
    var data = traffic.dataset();
    BenchSetup setup = BenchSetup.register(fleet, traffic, tier, m -> log("%s", m));
    Endpoints endpoints = setup.endpoints();
    Terminals terminals = setup.terminals();
    String adminToken = setup.adminToken();
    List<String> merchantIds = setup.merchantIds();

    driver =
        new OpenLoopDriver(
            endpoints,
            terminals,
            Duration.parse("PT" + requestTimeout.toUpperCase(Locale.ROOT)),
            maxInFlight);
    db = DriverManager.getConnection(fleet.jdbcUrl(), fleet.dbUser(), fleet.dbPassword());
    ledger = new LedgerProbe(db);
    Properties kp = new Properties();
    kp.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.kafkaBootstrap());
    kafka = Admin.create(kp);
    cpu =
        new CpuSampler(
            Path.of("/proc"),
            CpuSampler.clockTicksPerSecond(),
            FleetProcesses.discover(
                runDir.resolve("pids"), db, redisHost, redisPort, Path.of("/proc")));
    log(
        "CPU measured for: %s",
        cpu.groups().stream()
            .map(g -> g.name() + "=" + g.rootPid())
            .collect(Collectors.joining(" ")));

    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("steps", ladder);
    settings.put("stepSeconds", stepSec);
    settings.put("warmupSeconds", warmSec);
    settings.put("warmupPerSec", warmRate);
    settings.put("soakSeconds", soakSec);
    settings.put("drainSeconds", drainSec);
    settings.put("customers", data.customers().size());
    settings.put("cards", traffic.cardCount());
    settings.put("terminals", merchantIds.size());
    settings.put("tier", tier);
    settings.put("onlineShare", BenchTraffic.ONLINE_SHARE);
    settings.put("maxInFlight", maxInFlight);
    settings.put("requestTimeout", requestTimeout);
    settings.put(
        "processes",
        cpu.groups().stream()
            .collect(
                Collectors.toMap(
                    CpuSampler.Group::name,
                    CpuSampler.Group::rootPid,
                    (a, b) -> a,
                    LinkedHashMap::new)));

    // warm-up: open loop at a rate the fleet holds, then drain
    log("warm-up: %.0f/s for %d s", warmRate, warmSec);
    StepRun warm = runStep(0, warmRate, warmSec, drainSec, false);
    log("warm-up: %s", line(StepSummariser.summarise(warm.m, limits)));

    List<StepRun> runs = new ArrayList<>();
    String stoppedEarly = null;
    int index = 1;
    for (double rate : ladder) {
      log("step %d: %.0f/s for %d s", index, rate, stepSec);
      StepRun run = runStep(index++, rate, stepSec, drainSec, false);
      runs.add(run);
      StepResult r = StepSummariser.summarise(run.m, limits);
      log("  %s", line(r));
      var saturated = StepSummariser.saturation(r);
      if (saturated.isPresent() && rate != ladder.getLast()) {
        stoppedEarly = saturated.get() + "; the higher steps were not run";
        log("  %s", stoppedEarly);
        break;
      }
    }
    if (soakSec > 0) {
      Double best =
          bestRate(runs.stream().map(x -> StepSummariser.summarise(x.m, limits)).toList());
      if (best != null) {
        log("soak: %.0f/s for %d s", best, soakSec);
        StepRun soak = runStep(index, best, soakSec, drainSec, true);
        runs.add(soak);
        log("  %s", line(StepSummariser.summarise(soak.m, limits)));
      } else {
        notes.add("no soak: no step met the limits");
      }
    }

    // late decisions: whatever the drains missed, once more at the end of the run
    List<StepResult> results = finish(runs, drainSec);

    Map<String, Object> anchors = anchors(endpoints, adminToken, results, notes);
    notes.add("load average at end: " + loadAverage());
    notes.add(
        "numbers from a shared 2-core machine where other builds and fleets may run: compare steps"
            + " of one run, not runs of different days");
    BenchReport report =
        new BenchReport(
            started.truncatedTo(ChronoUnit.SECONDS).toString(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            quick,
            settings,
            limits,
            results,
            bestRate(results),
            stoppedEarly,
            anchors,
            notes);
    Path json = out.resolve("fleet-bench.json");
    Files.writeString(
        json,
        HttpJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report),
        StandardCharsets.UTF_8);
    Path html = out.resolve("fleet-bench.html");
    Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
    System.out.println();
    System.out.print(table(report));
    log("wrote %s and %s", json, html);
    kafka.close();
    db.close();
    return 0;
  }

  /** The highest offered rate among steps that met every limit, or {@code null}. */
  static Double bestRate(List<StepResult> results) {
    return results.stream()
        .filter(StepResult::meetsLimits)
        .map(StepResult::offeredPerSec)
        .max(Double::compare)
        .orElse(null);
  }

  private StepRun runStep(int step, double rate, int seconds, int drainSeconds, boolean soak)
      throws Exception {
    int count = (int) Math.round(rate * seconds);
    List<BenchTraffic.Prepared> requests = traffic.next(count, Instant.now(), rate);
    var before = cpu.snapshot();
    Instant sendStart = Instant.now();
    long cpuStart = System.nanoTime();
    OpenLoopDriver.Result sent = driver.drive(requests, rate);
    Instant sendEnd = Instant.now();
    long lagAtSendEnd = lag();
    // drain: until every accepted payment has its ledger row and the lag is 0
    Map<String, Long> acceptedAt = new HashMap<>();
    Map<String, Set<String>> keysById = new HashMap<>();
    for (OpenLoopDriver.Accepted a : sent.accepted()) {
      if (!a.paymentId().isEmpty()) {
        acceptedAt.putIfAbsent(a.paymentId(), a.acceptedAtMicros());
        keysById.computeIfAbsent(a.paymentId(), k -> new HashSet<>()).add(a.idempotencyKey());
      }
    }
    Map<String, LedgerProbe.Decided> decided = new HashMap<>();
    Set<String> pending = new HashSet<>(acceptedAt.keySet());
    long drainStart = System.nanoTime();
    long lagAtEnd;
    boolean drained;
    long lastInserts = -1;
    while (true) {
      Map<String, LedgerProbe.Decided> found = ledger.decided(pending);
      decided.putAll(found);
      pending.removeAll(found.keySet());
      lagAtEnd = lag();
      // quiet: no ledger insert since the last poll (requests the client gave up on may still be
      // in the fleet; they must not spill into the next step)
      long inserted = ledger.ledgerInserts();
      boolean quiet = inserted == lastInserts;
      lastInserts = inserted;
      drained = pending.isEmpty() && lagAtEnd == 0 && quiet;
      if (drained || System.nanoTime() - drainStart > drainSeconds * 1_000_000_000L) {
        break;
      }
      Thread.sleep(1_000);
    }
    var after = cpu.snapshot();
    double cpuWindow = (System.nanoTime() - cpuStart) / 1e9;
    double drainTime = (System.nanoTime() - drainStart) / 1e9;
    Map<String, Long> cpuMs = cpu.deltaMs(before, after);
    // accept time = payment-api's intake (server clock); the client's receipt where it is missing
    List<OpenLoopDriver.Accepted> ok =
        sent.accepted().stream().filter(a -> !a.paymentId().isEmpty()).toList();
    acceptedAt.putAll(
        ledger.intakeMicros(
            ok.stream().map(OpenLoopDriver.Accepted::clientId).toList(),
            ok.stream().map(OpenLoopDriver.Accepted::idempotencyKey).toList()));

    Histogram decision = new Histogram(3_600_000_000L, 3);
    long held = 0;
    for (Map.Entry<String, LedgerProbe.Decided> e : decided.entrySet()) {
      decision.recordValue(
          Math.min(
              3_600_000_000L,
              Math.max(0, e.getValue().decidedAtMicros() - acceptedAt.get(e.getKey()))));
      if (isHeld(e.getValue().status())) {
        held++;
      }
    }
    long duplicated =
        keysById.values().stream().mapToLong(k -> k.size() - 1).sum()
            + sent.accepted().size()
            - sent.accepted().stream().filter(a -> !a.paymentId().isEmpty()).count()
            + ledger.extraPaymentsPerKey(
                sent.accepted().stream().map(OpenLoopDriver.Accepted::idempotencyKey).toList());
    StepRun run = new StepRun();
    for (String id : pending) {
      run.missingAcceptedAt.put(id, acceptedAt.get(id));
    }
    Map<String, Long> errors = new LinkedHashMap<>(sent.errors());
    long due = count;
    run.m =
        new StepSummariser.StepMeasurement(
            step,
            soak,
            rate,
            sent.sendSeconds(),
            due,
            sent.acceptLatencyMicros(),
            decision,
            sent.accepted().size(),
            ledger.decidedBetween(sendStart, sendEnd),
            decided.size(),
            held,
            0,
            pending.size(),
            duplicated,
            errors,
            lagAtSendEnd,
            lagAtEnd,
            drainTime,
            drained,
            cpuWindow,
            cpuMs);
    if (sent.maxLagBehindMs() > 100) {
      log("  the load generator fell %.0f ms behind its schedule at worst", sent.maxLagBehindMs());
    }
    return run;
  }

  private static boolean isHeld(String status) {
    return status.equals("PENDING_VERIFICATION") || status.equals("EXPIRED");
  }

  /** Re-reads the payments the drains did not see decided; final numbers for every step. */
  private List<StepResult> finish(List<StepRun> runs, int settleSeconds) throws Exception {
    Map<String, Long> missing = new HashMap<>();
    runs.forEach(r -> missing.putAll(r.missingAcceptedAt));
    Map<String, LedgerProbe.Decided> late = new HashMap<>();
    if (!missing.isEmpty()) {
      log(
          "%,d payments not decided when their step ended: waiting up to %d s",
          missing.size(), settleSeconds);
      long start = System.nanoTime();
      Set<String> pending = new HashSet<>(missing.keySet());
      while (!pending.isEmpty() && System.nanoTime() - start < settleSeconds * 1_000_000_000L) {
        Map<String, LedgerProbe.Decided> found = ledger.decided(pending);
        late.putAll(found);
        pending.removeAll(found.keySet());
        if (!pending.isEmpty()) {
          Thread.sleep(2_000);
        }
      }
    }
    List<StepResult> results = new ArrayList<>();
    for (StepRun r : runs) {
      var m = r.m;
      long decidedLate = 0;
      long held = m.held();
      for (Map.Entry<String, Long> e : r.missingAcceptedAt.entrySet()) {
        LedgerProbe.Decided d = late.get(e.getKey());
        if (d != null) {
          decidedLate++;
          m.decisionMicros()
              .recordValue(
                  Math.min(3_600_000_000L, Math.max(0, d.decidedAtMicros() - e.getValue())));
          held += isHeld(d.status()) ? 1 : 0;
        }
      }
      var fin =
          new StepSummariser.StepMeasurement(
              m.step(),
              m.soak(),
              m.offeredPerSec(),
              m.durationSec(),
              m.due(),
              m.acceptMicros(),
              m.decisionMicros(),
              m.accepted(),
              m.decidedInWindow(),
              m.decided() + decidedLate,
              held,
              decidedLate,
              r.missingAcceptedAt.size() - decidedLate,
              m.duplicated(),
              m.errors(),
              m.lagAtSendEnd(),
              m.lagAtEnd(),
              m.drainSec(),
              m.drained(),
              m.cpuWindowSec(),
              m.cpuMs());
      results.add(StepSummariser.summarise(fin, limits));
    }
    return results;
  }

  private long lag() {
    try {
      return ConsumerLag.total(FleetChecks.lagByGroup(kafka));
    } catch (Exception e) {
      log("consumer lag unavailable: %s", e.getMessage());
      return -1;
    }
  }

  private Map<String, Object> anchors(
      Endpoints endpoints, String adminToken, List<StepResult> results, List<String> notes) {
    Map<String, Object> anchors = new LinkedHashMap<>();
    try {
      String text = Files.readString(kafkaAnchorOutput, StandardCharsets.UTF_8);
      anchors.put(
          "kafka",
          Anchors.parseKafka(text)
              .<Object>map(k -> k)
              .orElse(Map.of("error", "no result in " + kafkaAnchorOutput)));
    } catch (Exception e) {
      anchors.put("kafka", Map.of("error", String.valueOf(e.getMessage())));
    }
    if (!noAnchors) {
      int pgSec = pgbenchSeconds != null ? pgbenchSeconds : quick ? 10 : 30;
      try {
        URI u = URI.create(fleet.jdbcUrl().substring("jdbc:".length()));
        String adminUrl = fleet.jdbcUrl().replaceFirst("/[^/?]*(\\?|$)", "/postgres$1");
        log(
            "anchor: pgbench, %d clients, %d payments per transaction, %d s",
            pgbenchClients, pgbenchBatch, pgSec);
        anchors.put(
            "pgbench",
            Anchors.pgbench(
                adminUrl,
                u.getHost(),
                u.getPort() > 0 ? u.getPort() : 5432,
                fleet.dbUser(),
                fleet.dbPassword(),
                "paystream_bench",
                ledgerDdl,
                out,
                pgbenchBatch,
                pgbenchClients,
                pgSec));
      } catch (Exception e) {
        anchors.put("pgbench", Map.of("error", String.valueOf(e.getMessage())));
      }
      int wSec = wrkSeconds != null ? wrkSeconds : quick ? 10 : 30;
      try {
        String[] reader = readerPayment(endpoints, adminToken);
        String paymentId = reader[0];
        log("anchor: wrk GET /v1/payments/{id}, %d connections, %d s each", wrkConnections, wSec);
        anchors.put(
            "wrk",
            Anchors.wrk(
                Endpoints.join(URI.create(paymentApi), "/v1/payments/" + paymentId).toString(),
                Endpoints.join(URI.create(fleet.gateway()), "/v1/payments/" + paymentId).toString(),
                reader[1],
                out,
                wrkThreads,
                wrkConnections,
                wSec));
      } catch (Exception e) {
        anchors.put("wrk", Map.of("error", String.valueOf(e.getMessage())));
      }
    }
    anchors.put("ratios", ratios(anchors, results));
    return anchors;
  }

  /** decided/s ÷ Kafka consume records/s, gateway ÷ direct, ledger payments/s ÷ pgbench. */
  static Map<String, Object> ratios(Map<String, Object> anchors, List<StepResult> results) {
    Map<String, Object> r = new LinkedHashMap<>();
    double bestDecided = results.stream().mapToDouble(StepResult::decidedPerSec).max().orElse(0);
    r.put("bestDecidedPerSec", bestDecided);
    if (anchors.get("kafka") instanceof Anchors.KafkaAnchor k && k.consumePerSec() > 0) {
      r.put("decidedOverKafkaConsume", round4(bestDecided / k.consumePerSec()));
    }
    if (anchors.get("pgbench") instanceof Anchors.PgbenchAnchor p && p.paymentsPerSec() > 0) {
      r.put("decidedOverPgbenchPayments", round4(bestDecided / p.paymentsPerSec()));
    }
    if (anchors.get("wrk") instanceof Anchors.WrkAnchor w && w.direct().requestsPerSec() > 0) {
      r.put(
          "gatewayOverDirect", round4(w.gateway().requestsPerSec() / w.direct().requestsPerSec()));
    }
    return r;
  }

  private static double round4(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /**
   * The wrk reader: its own terminal client, tier {@code internal} so the gateway's limiter is out
   * of the way.
   */
  static final String WRK_CLIENT = "bench-wrk";

  /**
   * Registers the wrk reader's client (tier {@code internal}: 5,000 requests/s, so wrk measures the
   * gateway, not its rate limiter) for one merchant site, sends one payment with it and returns
   * that payment's id and the client's token (payment reads are owner-only).
   */
  private String[] readerPayment(Endpoints endpoints, String adminToken) {
    HttpJson http = new HttpJson(Duration.ofSeconds(30));
    BenchTraffic.Prepared p = traffic.next(1, Instant.now(), 1).getFirst();
    String secret = "wrk-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", WRK_CLIENT);
    client.put("clientSecret", secret);
    client.put("scopes", List.of("payments:write", "payments:read"));
    client.put("merchantId", p.merchantId());
    client.put("tier", "internal");
    HttpResponse<String> registered =
        http.send(
                http.request(endpoints.auth("/admin/clients"))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpJson.json(client))
                    .build())
            .join();
    if (registered.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "registering the wrk client: HTTP "
              + registered.statusCode()
              + " "
              + HttpJson.problemType(registered));
    }
    String token =
        new TokenClient(http, endpoints)
            .token(WRK_CLIENT, secret, "payments:write payments:read")
            .join();
    HttpResponse<String> response =
        http.send(
                http.request(endpoints.gateway("/v1/payments"))
                    .header("Authorization", "Bearer " + token)
                    .header("Idempotency-Key", p.idempotencyKey() + "-wrk")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(p.body()))
                    .build())
            .join();
    String id = HttpJson.parse(response.body()).path("paymentId").asString("");
    if (id.isEmpty()) {
      throw new IllegalStateException(
          "payment for wrk: HTTP " + response.statusCode() + " " + HttpJson.problemType(response));
    }
    return new String[] {id, token};
  }

  static String line(StepResult r) {
    String top =
        r.cpuMsPerPayment().byProcess().entrySet().stream()
            .limit(3)
            .map(e -> e.getKey() + " " + HtmlReport.fmt(e.getValue()))
            .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT,
        "offered %.0f/s: accepted %.1f/s, decided %.1f/s; accept p99 %.0f ms, decision p99 %.0f ms;"
            + " undecided/lost %d, dup %d, lag %d%s; errors %s; CPU %.1f ms/payment (%s; load gen %.1f)",
        r.offeredPerSec(),
        r.acceptedPerSec(),
        r.decidedPerSec(),
        r.acceptP99Ms(),
        r.decisionP99Ms(),
        r.lost(),
        r.duplicated(),
        r.lagAtEnd(),
        r.drained() ? "" : " (not drained)",
        r.errors(),
        r.cpuMsPerPayment().total(),
        top,
        r.cpuMsPerPayment().loadGenerator());
  }

  /** The Markdown table of the steps (also what docs/performance.md shows). */
  static String table(BenchReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| step | offered/s | accepted/s | decided/s | accept p50 / p99 ms | decision p50 / p99 ms"
            + " | lost | dup | lag | errors | CPU ms/payment | top processes (ms/payment) | load gen"
            + " |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (StepResult r : report.steps()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %d%s | %.0f | %.1f | %.1f | %.0f / %.0f | %.0f / %.0f | %d | %d | %d | %d | %.1f | %s | %.1f |%n",
              r.step(),
              r.soak() ? " soak" : "",
              r.offeredPerSec(),
              r.acceptedPerSec(),
              r.decidedPerSec(),
              r.acceptP50Ms(),
              r.acceptP99Ms(),
              r.decisionP50Ms(),
              r.decisionP99Ms(),
              r.lost(),
              r.duplicated(),
              r.lagAtEnd(),
              r.errorCount(),
              r.cpuMsPerPayment().total(),
              r.cpuMsPerPayment().byProcess().entrySet().stream()
                  .limit(4)
                  .map(e -> e.getKey() + " " + HtmlReport.fmt(e.getValue()))
                  .collect(Collectors.joining(", ")),
              r.cpuMsPerPayment().loadGenerator()));
    }
    return sb.toString();
  }

  private static String loadAverage() {
    try {
      return String.join(
          " ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"), 3));
    } catch (Exception e) {
      return "?";
    }
  }

  private static void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[bench %s] %s%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().substring(11, 19),
        String.format(Locale.ROOT, format, args));
  }
}
