package io.paystream.simulator.chaos;

import io.paystream.simulator.FleetConnectionOptions;
import io.paystream.simulator.bench.BenchSetup;
import io.paystream.simulator.bench.BenchTraffic;
import io.paystream.simulator.bench.OpenLoopDriver;
import io.paystream.simulator.cardholder.Cardholder;
import io.paystream.simulator.check.FleetChecks;
import io.paystream.simulator.check.FleetSettings;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.report.RunCheck;
import io.paystream.simulator.report.RunReport;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code make chaos} (issue 17, docs/reliability.md): against the dev fleet under steady open-loop
 * load through the gateway, injects one fault at a time, heals it, lets the fleet settle and checks
 * that no accepted payment was lost or charged twice. Writes {@code report.json} and {@code
 * report.html} to {@code --out} after every scenario.
 *
 * <p>Before anything else it opens the latency proxies in front of the stack's own PostgreSQL and
 * Redis (the services are given the proxies' ports by {@code make chaos}) and starts the fleet with
 * {@code devstack up}; faults go through {@code devstack fault ...}, which refuses to touch a
 * PostgreSQL or Redis the stack did not start.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = "Fault injection under load against the dev fleet (make chaos).")
public final class ChaosRun implements Callable<Integer> {

  /** The services, in the order they are killed. */
  static final List<String> SERVICES =
      List.of(
          "fds-service",
          "payment-api",
          "gateway",
          "auth-server",
          "verification-api",
          "notification-service",
          "loyalty-service",
          "benefit-service");

  /**
   * A scenario.
   *
   * @param name its name ({@code make chaos SCENARIO=<name>})
   * @param phase 1 = the single-broker stack, 3 = {@code BROKERS=3}
   * @param fault what it does, for the report
   */
  record Spec(String name, int phase, String fault) {}

  /** Every scenario, in run order. */
  static List<Spec> catalogue(Duration outage, Duration slow) {
    List<Spec> all = new ArrayList<>();
    for (String s : SERVICES) {
      all.add(new Spec("kill-" + s, 1, "kill -9 of " + s + ", then restarted (devstack up)"));
    }
    all.add(new Spec("kafka-kill", 1, "kill -9 of the Kafka broker, then restarted"));
    all.add(
        new Spec(
            "postgres-stop",
            1,
            "PostgreSQL stopped in immediate mode for " + outage.toSeconds() + " s"));
    all.add(
        new Spec(
            "postgres-slow",
            1,
            "+" + slow.toMillis() + " ms each way to PostgreSQL for " + outage.toSeconds() + " s"));
    all.add(new Spec("redis-kill", 1, "Redis killed for " + outage.toSeconds() + " s"));
    all.add(new Spec("redis-flushall", 1, "Redis FLUSHALL"));
    all.add(
        new Spec(
            "redis-slow",
            1,
            "+" + slow.toMillis() + " ms each way to Redis for " + outage.toSeconds() + " s"));
    all.add(
        new Spec(
            "sms-outage",
            1,
            "SMS provider sandbox answers 503 for " + (outage.toSeconds() + 10) + " s"));
    all.add(new Spec("gateway-fuzz", 1, "generated bodies and headers at the gateway"));
    all.add(
        new Spec(
            "kafka-3brokers-kill",
            3,
            "3 KRaft brokers (RF 3, min ISR 2): kill -9 of broker 1, then restarted"));
    return all;
  }

  @Mixin FleetConnectionOptions fleet;

  @Option(names = "--rate", defaultValue = "200", description = "Payments per second.")
  double rate;

  @Option(
      names = "--scenario",
      defaultValue = "all",
      description = "Scenario name(s), comma-separated, or all.")
  String scenario;

  @Option(names = "--phase", defaultValue = "1", description = "1 = single broker, 3 = BROKERS=3.")
  int phase;

  @Option(names = "--out", defaultValue = ".run/chaos")
  Path out;

  @Option(names = "--append", description = "Add to the scenarios of an existing report.json.")
  boolean append;

  @Option(
      names = "--devstack",
      defaultValue = "${env:CHAOS_DEVSTACK}",
      description = "The devstack launcher command (make chaos passes it).")
  String devstack;

  @Option(names = "--host", defaultValue = "127.0.0.1")
  String host;

  @Option(names = "--postgres-port", defaultValue = "55432", description = "The stack's own.")
  int postgresPort;

  @Option(names = "--postgres-proxy-port", defaultValue = "55433", description = "Services' port.")
  int postgresProxyPort;

  @Option(names = "--redis-port", defaultValue = "56379", description = "The stack's own.")
  int redisPort;

  @Option(names = "--redis-proxy-port", defaultValue = "56380", description = "Services' port.")
  int redisProxyPort;

  @Option(names = "--sms-sandbox", defaultValue = "http://127.0.0.1:8089")
  String smsSandbox;

  @Option(names = "--logs-dir", defaultValue = ".run/logs")
  Path logsDir;

  @Option(names = "--warmup-seconds", defaultValue = "20")
  int warmupSeconds;

  @Option(names = "--baseline-seconds", defaultValue = "12")
  int baselineSeconds;

  @Option(
      names = "--observe-seconds",
      defaultValue = "15",
      description = "Load after the heal, at least (then until recovered).")
  int observeSeconds;

  @Option(
      names = "--max-observe-seconds",
      defaultValue = "75",
      description = "Load after the heal, at most.")
  int maxObserveSeconds;

  @Option(names = "--outage-seconds", defaultValue = "20")
  int outageSeconds;

  @Option(names = "--down-seconds", defaultValue = "5", description = "kill -9 → restart.")
  int downSeconds;

  @Option(names = "--settle-seconds", defaultValue = "60")
  int settleSeconds;

  @Option(names = "--slow-ms", defaultValue = "50", description = "One-way delay, slow scenarios.")
  int slowMs;

  @Option(names = "--burst-every-seconds", defaultValue = "8")
  int burstEverySeconds;

  @Option(names = "--max-attempts", defaultValue = "3", description = "Per payment, same key.")
  int maxAttempts;

  @Option(names = "--request-timeout", defaultValue = "8", description = "Seconds.")
  int requestTimeout;

  @Option(names = "--fuzz-count", defaultValue = "10000")
  int fuzzCount;

  @Option(names = "--fuzz-seed", defaultValue = "17")
  long fuzzSeed;

  @Option(names = "--seed", defaultValue = "17")
  long seed;

  @Option(names = "--tier", defaultValue = "premium")
  String tier;

  @Option(names = "--fail-on-check", description = "Exit 1 when a check of a scenario fails.")
  boolean failOnCheck;

  @Option(names = "--commit", defaultValue = "${env:CHAOS_COMMIT:-unknown}")
  String commit;

  private final List<ChaosReport.Scenario> results = new ArrayList<>();
  private GatewayFuzz.Result fuzzResult;
  private final List<RunReport.CheckResult> finalChecks = new ArrayList<>();
  private String startedAt;
  private Connection db;
  private Admin kafka;
  private ChaosChecks checks;
  private FleetChecks fleetChecks;
  private LatencyProxy pgProxy;
  private LatencyProxy redisProxy;
  private BenchSetup setup;
  private OpenLoopDriver driver;
  private HeldStream held;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChaosRun()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Duration outage = Duration.ofSeconds(outageSeconds);
    List<Spec> selected = select(catalogue(outage, Duration.ofMillis(slowMs)), scenario, phase);
    if (selected.isEmpty()) {
      log("no scenario of phase %d matches '%s'", phase, scenario);
      return 0;
    }
    if (devstack == null || devstack.isBlank()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--devstack (or CHAOS_DEVSTACK) is required");
    }
    Files.createDirectories(out);
    startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    if (append) {
      loadPrevious();
    }
    log(
        "scenarios: %s at %.0f payments/s",
        selected.stream().map(Spec::name).collect(Collectors.joining(", ")), rate);
    pgProxy = new LatencyProxy("postgres", host, postgresProxyPort, postgresPort);
    redisProxy = new LatencyProxy("redis", host, redisProxyPort, redisPort);
    try {
      log(
          "starting the fleet (services reach PostgreSQL :%d and Redis :%d through the proxies)",
          postgresProxyPort, redisProxyPort);
      devstack("up");
      prepare(selected);
      for (Spec spec : selected) {
        ChaosReport.Scenario r = spec.name().equals("gateway-fuzz") ? fuzz(spec) : run(spec);
        results.add(r);
        log(
            "%s: accepted %d, lost %d, duplicated %d, recovery %s s, held %d/%d completed;"
                + " client errors %s; failed checks: %s",
            r.name(),
            r.accepted(),
            r.lost(),
            r.duplicated(),
            r.recoverySeconds() == null ? "-" : ChaosHtml.fmt(r.recoverySeconds()),
            r.heldCompleted(),
            r.held(),
            ChaosHtml.map(r.clientErrors()),
            r.checks().stream()
                .filter(RunReport.CheckResult::failed)
                .map(RunReport.CheckResult::name)
                .collect(Collectors.joining("; ")));
        write();
      }
      log("final scan of the tables for card numbers");
      finalChecks.add(
          fleetChecks.noCardNumbers(Instant.now().plusSeconds(3600), true).run(emptyContext()));
      write();
      System.out.print(ChaosHtml.markdown(report()));
      boolean failed =
          results.stream().anyMatch(r -> !r.passed())
              || finalChecks.stream().anyMatch(RunReport.CheckResult::failed);
      return failOnCheck && failed ? 1 : 0;
    } finally {
      if (held != null) {
        held.close();
      }
      if (kafka != null) {
        kafka.close(Duration.ofSeconds(5));
      }
      if (db != null) {
        db.close();
      }
      // the services lose PostgreSQL and Redis with the proxies: make chaos stops the stack next
      pgProxy.close();
      redisProxy.close();
    }
  }

  static List<Spec> select(List<Spec> all, String names, int phase) {
    Set<String> wanted =
        names == null || names.isBlank() || names.equals("all")
            ? Set.of()
            : Set.of(names.split(","));
    for (String w : wanted) {
      if (all.stream().noneMatch(s -> s.name().equals(w))) {
        throw new IllegalArgumentException(
            "unknown scenario "
                + w
                + "; one of "
                + all.stream().map(Spec::name).collect(Collectors.joining(", ")));
      }
    }
    return all.stream()
        .filter(s -> s.phase() == phase)
        .filter(s -> wanted.isEmpty() || wanted.contains(s.name()))
        .toList();
  }

  private void prepare(List<Spec> selected) throws Exception {
    long loadScenarios = selected.stream().filter(s -> !s.name().equals("gateway-fuzz")).count();
    int perScenario =
        baselineSeconds + outageSeconds + 40 + maxObserveSeconds; // generous: heals take time
    int bursts = (int) ((loadScenarios * perScenario + warmupSeconds) / burstEverySeconds + 10);
    int cards = (int) Math.max(2_000, Math.ceil(16 * rate));
    BenchTraffic traffic =
        BenchTraffic.create(cards, bursts, seed, "chaos-" + Instant.now().getEpochSecond());
    setup = BenchSetup.register(fleet, traffic, tier, m -> log("%s", m));
    driver =
        new OpenLoopDriver(
            setup.endpoints(), setup.terminals(), Duration.ofSeconds(requestTimeout), 5_000);
    Map<String, Object> kp = new java.util.HashMap<>();
    kp.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fleet.kafkaBootstrap());
    kp.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    kp.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    kafka = Admin.create(kp);
    checks = new ChaosChecks(this::db, kafka, fleet.kafkaBootstrap());
    fleetChecks =
        new FleetChecks(
            new FleetSettings(
                fleet.jdbcUrl(),
                fleet.dbUser(),
                fleet.dbPassword(),
                fleet.kafkaBootstrap(),
                logsDir,
                Duration.ofSeconds(60),
                Duration.ofSeconds(180),
                FleetSettings.SERVICE_SCHEMAS),
            knownIdentifiers(traffic));
    URI gw = URI.create(fleet.gateway());
    Endpoints cardholderEndpoints =
        new Endpoints(
            gw,
            URI.create(fleet.auth()),
            URI.create(smsSandbox),
            Endpoints.join(gw, "/v1/verifications/sms-callback"));
    held =
        new HeldStream(
            traffic,
            new HttpJson(Duration.ofSeconds(requestTimeout)),
            cardholderEndpoints,
            setup.terminals(),
            new Cardholder.Settings(
                System.getenv().getOrDefault("PAYSTREAM_SMS_AUTH_TOKEN", "dev-sms-auth-token"),
                "AC00000000000000000000000000000000",
                "+15005550006",
                Duration.ofSeconds(2),
                0,
                Duration.ofMillis(500)),
            Duration.ofSeconds(burstEverySeconds));
    held.open();
    if (selected.stream().anyMatch(s -> !s.name().equals("gateway-fuzz"))) {
      log("warm-up: %.0f/s for %d s", rate, warmupSeconds);
      LoadStream warm = new LoadStream(driver, traffic, rate, retry());
      warm.start();
      Thread.sleep(warmupSeconds * 1000L);
      var slices = warm.stop();
      log(
          "warm-up: %d sent, %d accepted, errors %s",
          LoadStream.sent(slices), LoadStream.accepted(slices).size(), LoadStream.errors(slices));
    }
  }

  /** The checks' connection to the stack's PostgreSQL (not the proxy), reopened when broken. */
  private Connection db() throws java.sql.SQLException {
    if (db == null || !db.isValid(2)) {
      if (db != null) {
        try {
          db.close();
        } catch (java.sql.SQLException e) {
          // already broken
        }
      }
      Properties p = new Properties();
      p.setProperty("user", fleet.dbUser());
      if (!fleet.dbPassword().isEmpty()) {
        p.setProperty("password", fleet.dbPassword());
      }
      p.setProperty("ApplicationName", "chaos-checks");
      p.setProperty("connectTimeout", "5");
      db = DriverManager.getConnection(fleet.jdbcUrl(), p);
    }
    return db;
  }

  private OpenLoopDriver.Retry retry() {
    return new OpenLoopDriver.Retry(maxAttempts, Duration.ofMillis(500), Duration.ofSeconds(8));
  }

  /** The digit runs of the registered merchants' and customers' identifiers (not card numbers). */
  static Set<String> knownIdentifiers(BenchTraffic traffic) {
    Set<String> known = new java.util.HashSet<>();
    traffic
        .dataset()
        .merchants()
        .forEach(
            m -> {
              known.addAll(io.paystream.contracts.card.PanScanner.digitRuns(m.merchantId()));
              known.addAll(io.paystream.contracts.card.PanScanner.digitRuns(m.name()));
            });
    traffic
        .dataset()
        .customers()
        .forEach(c -> known.addAll(io.paystream.contracts.card.PanScanner.digitRuns(c.phone())));
    traffic.dataset().cards().stream().map(Card::pan).forEach(known::remove);
    return known;
  }

  // ----------------------------------------------------------------------------------------------
  // a fault scenario

  private ChaosReport.Scenario run(Spec spec) throws Exception {
    log("== %s: %s", spec.name(), spec.fault());
    LoadStream load = new LoadStream(driver, setup.traffic(), rate, retry());
    Instant loadStart = Instant.now();
    long t0 = System.nanoTime();
    load.start();
    held.resume();
    Thread.sleep(baselineSeconds * 1000L);
    awaitSteady();
    int faultAt = seconds(t0);
    Runnable heal = inject(spec);
    long healStart = System.nanoTime();
    heal.run();
    double healSeconds = (System.nanoTime() - healStart) / 1e9;
    int healedAt = seconds(t0);
    log("  healed after %.1f s", healSeconds);
    observe(loadStart, t0, faultAt);
    held.pause();
    List<LoadStream.Slice> slices = load.stop();
    Instant loadEnd = Instant.now();
    int length = seconds(t0) + 1;
    List<PaymentOutcome> bursts = held.drain();
    return evaluate(
        spec, slices, bursts, loadStart, loadEnd, t0, length, faultAt, healedAt, healSeconds);
  }

  /**
   * Keeps the load on after the heal for at least {@code --observe-seconds} and until the decided
   * throughput (ledger rows per second, read live) has recovered, at most {@code
   * --max-observe-seconds}; accepted/s is judged afterwards over the same window.
   */
  private void observe(Instant loadStart, long t0, int faultAt) throws Exception {
    long healed = System.nanoTime();
    Thread.sleep(observeSeconds * 1000L);
    while ((System.nanoTime() - healed) / 1e9 < maxObserveSeconds) {
      try {
        long[] decided = checks.decidedPerSecond(loadStart, seconds(t0));
        int from = Math.max(2, faultAt - baselineSeconds + 2);
        Double recovered =
            Recovery.seconds(decided, Recovery.mean(decided, from, faultAt), faultAt);
        if (recovered != null) {
          return;
        }
      } catch (java.sql.SQLException e) {
        // PostgreSQL still coming back: keep observing
      }
      Thread.sleep(2_000);
    }
  }

  /**
   * Holds the fault back (at most 60 s) until the fleet decides at least half the offered rate over
   * the last 5 s: a fleet still catching up after the previous scenario would give no baseline to
   * recover to.
   */
  private void awaitSteady() throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      Instant now = Instant.now();
      long decided;
      try {
        decided =
            new io.paystream.simulator.bench.LedgerProbe(db())
                .decidedBetween(now.minusSeconds(5), now);
      } catch (java.sql.SQLException e) {
        decided = 0;
      }
      if (decided >= 0.5 * rate * 5) {
        return;
      }
      log("  not steady yet (%d decided in the last 5 s): holding the fault back", decided);
      Thread.sleep(5_000);
    }
  }

  private static int seconds(long t0) {
    return (int) ((System.nanoTime() - t0) / 1_000_000_000L);
  }

  /** Injects the fault (and holds it where the fault is an outage); returns the heal. */
  private Runnable inject(Spec spec) throws Exception {
    String name = spec.name();
    if (name.startsWith("kill-")) {
      devstack("fault kill " + name.substring("kill-".length()));
      Thread.sleep(downSeconds * 1000L);
      return () -> devstack("up");
    }
    switch (name) {
      case "kafka-kill", "kafka-3brokers-kill" -> {
        devstack("fault kill kafka");
        Thread.sleep(Math.max(downSeconds, 10) * 1000L);
        return () -> devstack("up");
      }
      case "postgres-stop" -> {
        devstack("fault postgres-stop");
        Thread.sleep(outageSeconds * 1000L);
        return () -> devstack("up");
      }
      case "redis-kill" -> {
        devstack("fault kill redis");
        Thread.sleep(outageSeconds * 1000L);
        return () -> devstack("up");
      }
      case "redis-flushall" -> {
        devstack("fault redis-flushall");
        return () -> {};
      }
      case "postgres-slow", "redis-slow" -> {
        LatencyProxy proxy = name.startsWith("postgres") ? pgProxy : redisProxy;
        proxy.delay(Duration.ofMillis(slowMs));
        log("  %s, %d connections", proxy, proxy.connections());
        Thread.sleep(outageSeconds * 1000L);
        return () -> proxy.delay(Duration.ZERO);
      }
      case "sms-outage" -> {
        String id = smsOutage();
        Thread.sleep((outageSeconds + 10) * 1000L);
        return () -> smsRestore(id);
      }
      default -> throw new IllegalArgumentException("no fault for " + name);
    }
  }

  /** A WireMock stub of priority 1 on the SMS sandbox: every message send answers 503. */
  private String smsOutage() {
    HttpJson http = new HttpJson(Duration.ofSeconds(10));
    String stub =
        "{\"priority\":1,\"request\":{\"method\":\"POST\",\"urlPathPattern\":"
            + "\"/2010-04-01/Accounts/.*\"},\"response\":{\"status\":503,\"headers\":"
            + "{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"code\\\":20500,"
            + "\\\"message\\\":\\\"Service unavailable (chaos)\\\",\\\"status\\\":503}\"}}";
    HttpResponse<String> r =
        http.send(
                http.request(URI.create(smsSandbox + "/__admin/mappings"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(stub))
                    .build())
            .join();
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "SMS sandbox refused the outage stub: HTTP " + r.statusCode());
    }
    String id = HttpJson.parse(r.body()).path("id").asString("");
    log("  SMS sandbox: every send answers 503 (stub %s)", id);
    return id;
  }

  private void smsRestore(String id) {
    HttpJson http = new HttpJson(Duration.ofSeconds(10));
    http.send(http.request(URI.create(smsSandbox + "/__admin/mappings/" + id)).DELETE().build())
        .join();
  }

  private ChaosReport.Scenario evaluate(
      Spec spec,
      List<LoadStream.Slice> slices,
      List<PaymentOutcome> bursts,
      Instant loadStart,
      Instant loadEnd,
      long t0,
      int length,
      int faultAt,
      int healedAt,
      double healSeconds)
      throws Exception {
    List<OpenLoopDriver.Accepted> accepted = LoadStream.accepted(slices);
    List<ChaosChecks.Accepted> all = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (OpenLoopDriver.Accepted a : accepted) {
      all.add(new ChaosChecks.Accepted(a.paymentId(), a.clientId(), a.idempotencyKey(), false));
    }
    slices.forEach(s -> s.result().accepted().forEach(a -> keys.add(a.idempotencyKey())));
    Map<String, Long> clientErrors = new TreeMap<>(LoadStream.errors(slices));
    Map<String, Long> gaveUp = new TreeMap<>(LoadStream.gaveUp(slices));
    for (PaymentOutcome o : bursts) {
      keys.add(o.idempotencyKey());
      if (o.accepted()) {
        all.add(
            new ChaosChecks.Accepted(
                o.paymentId(), o.terminalClientId(), o.idempotencyKey(), true));
      } else {
        gaveUp.merge("burst " + o.problemType(), 1L, Long::sum);
      }
    }
    log("  load stopped: %d accepted; settling (at most %d s)", all.size(), settleSeconds);
    ChaosChecks.Money money =
        checks.money(
            all,
            keys,
            loadStart.minusSeconds(2),
            loadEnd.plusSeconds(10),
            Duration.ofSeconds(settleSeconds),
            true);
    long[] acceptedPerSecond = new long[length];
    long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, loadStart);
    for (OpenLoopDriver.Accepted a : accepted) {
      int i = (int) ((a.acceptedAtMicros() - startMicros) / 1_000_000L);
      if (i >= 0 && i < length) {
        acceptedPerSecond[i]++;
      }
    }
    long[] decidedPerSecond = checks.decidedPerSecond(loadStart, length);
    int baselineFrom = Math.max(2, faultAt - baselineSeconds + 2);
    double baseline = Recovery.mean(acceptedPerSecond, baselineFrom, faultAt);
    double decidedBaseline = Recovery.mean(decidedPerSecond, baselineFrom, faultAt);
    Double acceptedRecovery = Recovery.seconds(acceptedPerSecond, baseline, faultAt);
    Double decidedRecovery = Recovery.seconds(decidedPerSecond, decidedBaseline, faultAt);
    Double recovery =
        acceptedRecovery == null || decidedRecovery == null
            ? null
            : Math.max(acceptedRecovery, decidedRecovery);
    List<RunReport.CheckResult> results = new ArrayList<>();
    results.addAll(moneyChecks(money));
    results.add(checks.deadLetters(loadStart));
    results.add(fleetChecks.noCardNumbers(loadStart, false).run(emptyContext()));
    return new ChaosReport.Scenario(
        spec.name(),
        money.accepted(),
        money.lost(),
        money.duplicated(),
        recovery,
        clientErrors,
        spec.phase(),
        spec.fault(),
        rate,
        LoadStream.sent(slices) + bursts.size(),
        baseline,
        healSeconds,
        gaveUp,
        money.lostBy(),
        money.lostExamples(),
        money.duplicatedBy(),
        money.held(),
        money.heldCompleted(),
        money.processedWithout202(),
        acceptedPerSecond,
        decidedPerSecond,
        faultAt,
        healedAt,
        results,
        held.cardholderCounters());
  }

  private List<RunReport.CheckResult> moneyChecks(ChaosChecks.Money m) {
    List<RunReport.CheckResult> out = new ArrayList<>();
    out.add(
        new RunReport.CheckResult(
            "every 202 has one ledger row and a final or pending state",
            m.lost() == 0 ? "PASS" : "FAIL",
            m.lost()
                + " of "
                + m.accepted()
                + " lost "
                + m.lostBy()
                + " after "
                + ChaosHtml.fmt(m.settleSeconds())
                + " s"));
    out.add(
        new RunReport.CheckResult(
            "no payment twice, no idempotency key with two payments",
            m.duplicated() == 0 ? "PASS" : "FAIL",
            m.duplicated()
                + " duplicated"
                + (m.duplicatedBy().isEmpty() ? "" : " " + m.duplicatedBy())));
    out.add(
        new RunReport.CheckResult(
            "every held payment's verification loop completes",
            m.held() == m.heldCompleted() ? "PASS" : "FAIL",
            m.heldCompleted()
                + " of "
                + m.held()
                + " held COMPLETED"
                + (m.heldNotCompleted().isEmpty() ? "" : "; others " + m.heldNotCompleted())));
    out.add(
        new RunReport.CheckResult(
            "consumer lag 0",
            m.lag() == 0 ? "PASS" : "FAIL",
            m.lag() == 0 ? "lag 0" : "lag " + m.lag() + " " + m.lagDetail()));
    return out;
  }

  // ----------------------------------------------------------------------------------------------
  // the fuzz run

  private ChaosReport.Scenario fuzz(Spec spec) throws Exception {
    log("== %s: %,d cases (seed %d)", spec.name(), fuzzCount, fuzzSeed);
    Card card = setup.traffic().dataset().cards().getFirst();
    List<FuzzCases.FuzzCase> cases =
        new FuzzCases(FuzzCases.MERCHANT, card.pan()).generate(fuzzCount, fuzzSeed);
    Instant start = Instant.now();
    GatewayFuzz.Result f =
        new GatewayFuzz(
                setup.endpoints(),
                setup.terminals(),
                setup.merchantIds(),
                Duration.ofSeconds(20),
                16)
            .run(cases);
    fuzzResult = f;
    log(
        "  %d requests in %.0f s: %d × 5xx, %d hangs, %d closed, %d 4xx not problem+json; %s",
        f.requests(),
        f.seconds(),
        f.serverErrors(),
        f.hangs(),
        f.connectionErrors(),
        f.notProblemJson(),
        f.byStatus());
    List<String> keys = f.accepted().stream().map(ChaosChecks.Accepted::idempotencyKey).toList();
    ChaosChecks.Money money =
        checks.money(
            f.accepted(),
            keys,
            Instant.parse("2026-01-15T11:59:00Z"),
            Instant.parse("2026-01-15T12:01:00Z"),
            Duration.ofSeconds(settleSeconds),
            false);
    List<RunReport.CheckResult> results = new ArrayList<>(moneyChecks(money));
    results.add(
        new RunReport.CheckResult(
            "no 5xx, no hang, every 4xx a problem+json",
            f.serverErrors() == 0 && f.hangs() == 0 && f.notProblemJson() == 0 ? "PASS" : "FAIL",
            String.format(
                Locale.ROOT,
                "%d requests: %d × 5xx, %d hangs, %d connections closed without an answer, %d 4xx"
                    + " not problem+json",
                f.requests(),
                f.serverErrors(),
                f.hangs(),
                f.connectionErrors(),
                f.notProblemJson())));
    results.add(checks.deadLetters(start));
    results.add(fleetChecks.noCardNumbers(start, false).run(emptyContext()));
    Map<String, Long> errors = new TreeMap<>(f.problemTypes());
    return new ChaosReport.Scenario(
        spec.name(),
        money.accepted(),
        money.lost(),
        money.duplicated(),
        null,
        errors,
        spec.phase(),
        spec.fault(),
        0,
        f.requests(),
        0,
        0,
        Map.of(),
        money.lostBy(),
        money.lostExamples(),
        money.duplicatedBy(),
        money.held(),
        money.heldCompleted(),
        0,
        new long[0],
        new long[0],
        0,
        0,
        results,
        Map.of());
  }

  // ----------------------------------------------------------------------------------------------

  private static RunCheck.RunContext emptyContext() {
    return new RunCheck.RunContext(List.of(), List.of(), Set.of());
  }

  /** Runs {@code <devstack> <args>} (bash, so the launcher's own class path expansion works). */
  private void devstack(String args) {
    try {
      Process p =
          new ProcessBuilder("bash", "-c", devstack + " " + args).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("devstack " + args + " failed:\n" + output);
      }
      output
          .lines()
          .filter(l -> !l.isBlank())
          .filter(l -> !l.matches("^\\S+\\s+\\d+\\s+.*\\s+UP\\s+.*$")) // the status table's UP rows
          .forEach(l -> log("  devstack: %s", l));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private ChaosReport report() {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("ratePerSec", rate);
    settings.put("phase", phase);
    settings.put("warmupSeconds", warmupSeconds);
    settings.put("baselineSeconds", baselineSeconds);
    settings.put("observeSeconds", observeSeconds);
    settings.put("maxObserveSeconds", maxObserveSeconds);
    settings.put("outageSeconds", outageSeconds);
    settings.put("downSeconds", downSeconds);
    settings.put("settleSeconds", settleSeconds);
    settings.put("slowMs", slowMs);
    settings.put("burstEverySeconds", burstEverySeconds);
    settings.put("maxAttempts", maxAttempts);
    settings.put("requestTimeoutSeconds", requestTimeout);
    settings.put("postgres", postgresPort + " (services through " + postgresProxyPort + ")");
    settings.put("redis", redisPort + " (services through " + redisProxyPort + ")");
    settings.put("kafka", fleet.kafkaBootstrap());
    return new ChaosReport(
        startedAt,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        commit,
        settings,
        List.copyOf(results),
        fuzzResult,
        List.copyOf(finalChecks),
        List.of(
            "accepted = 2xx answers; lost = accepted without one ledger row and a final or pending"
                + " state after the settle; duplicated = ledger rows or status-view rows beyond"
                + " one per payment or key",
            "recoverySeconds = from the fault's start until accepted/s and decided/s (3 s average)"
                + " stay at or above 90 % of the baseline for 5 s",
            "a shared 2-core machine: compare scenarios of one run, not runs of different days"));
  }

  private void write() throws Exception {
    ChaosReport r = report();
    Files.writeString(
        out.resolve("report.json"),
        HttpJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r),
        StandardCharsets.UTF_8);
    Files.writeString(out.resolve("report.html"), ChaosHtml.render(r), StandardCharsets.UTF_8);
  }

  /** With {@code --append}: the scenarios (and fuzz) of the report already there. */
  private void loadPrevious() throws Exception {
    Path json = out.resolve("report.json");
    if (!Files.exists(json)) {
      return;
    }
    ChaosReport previous =
        HttpJson.JSON.readValue(Files.readString(json, StandardCharsets.UTF_8), ChaosReport.class);
    results.addAll(previous.scenarios());
    fuzzResult = previous.fuzz();
    finalChecks.addAll(previous.finalChecks());
    startedAt = previous.startedAt();
  }

  private static void log(String format, Object... args) {
    System.out.printf(
        Locale.ROOT,
        "[chaos %s] %s%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().substring(11, 19),
        String.format(Locale.ROOT, format, args));
  }
}
