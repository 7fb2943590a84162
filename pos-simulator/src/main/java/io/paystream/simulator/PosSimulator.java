package io.paystream.simulator;

import io.paystream.contracts.card.PanScanner;
import io.paystream.simulator.cardholder.Cardholder;
import io.paystream.simulator.check.FleetChecks;
import io.paystream.simulator.check.FleetSettings;
import io.paystream.simulator.check.ImpossibleTravel;
import io.paystream.simulator.dataset.DatasetAdapter;
import io.paystream.simulator.dataset.DatasetFormat;
import io.paystream.simulator.dataset.GeneratorFraud;
import io.paystream.simulator.dataset.SparkovAdapter;
import io.paystream.simulator.dataset.TabFormerAdapter;
import io.paystream.simulator.dataset.TrafficGenerator;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Customer;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.Transaction;
import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.PaymentClient;
import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.replay.RegistryClient;
import io.paystream.simulator.replay.ReplayEngine;
import io.paystream.simulator.replay.ReplayStats;
import io.paystream.simulator.replay.StatusTracker;
import io.paystream.simulator.replay.Terminals;
import io.paystream.simulator.replay.TokenClient;
import io.paystream.simulator.report.ApiChecks;
import io.paystream.simulator.report.HeldPaymentChecks;
import io.paystream.simulator.report.LiveView;
import io.paystream.simulator.report.ReportBuilder;
import io.paystream.simulator.report.ReportWriter;
import io.paystream.simulator.report.RunCheck;
import io.paystream.simulator.report.RunReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Replays a transaction dataset as POS/app traffic through the gateway (issue 10): loads the
 * dataset, registers its customers, cards and merchants and one terminal client per merchant,
 * replays the payments in event-time order, answers verification SMS as the cardholders, follows
 * each payment to its final state and writes the report to {@code --report-dir}.
 */
@Command(
    name = "pos-simulator",
    mixinStandardHelpOptions = true,
    description = "Replays card transactions through the paystream gateway.",
    subcommands = io.paystream.simulator.backtest.Backtest.class)
public class PosSimulator implements Callable<Integer> {

  @Mixin FleetConnectionOptions fleet;

  @Option(names = "--data", description = "Dataset file or directory; absent = the generator.")
  Path data;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "auto | tabformer | sparkov | generator (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--geo-dir", description = "Gazetteer directory (default: <data>/../geo).")
  Path geoDir;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed.")
  long seed;

  @Option(names = "--customers", defaultValue = "150", description = "Generator customers.")
  int customers;

  @Option(names = "--days", defaultValue = "10", description = "Generator days of traffic.")
  int days;

  @Option(
      names = "--sms-sandbox",
      defaultValue = "http://127.0.0.1:8089",
      description = "SMS provider sandbox.")
  String smsSandbox;

  @Option(
      names = "--sms-callback",
      description = "Public SMS webhook URL (default: <gateway>/v1/verifications/sms-callback).")
  String smsCallback;

  @Option(names = "--tier", defaultValue = "standard", description = "Terminals' rate tier.")
  String tier;

  @Option(
      names = "--sms-auth-token",
      defaultValue = "${env:PAYSTREAM_SMS_AUTH_TOKEN:-dev-sms-auth-token}")
  String smsAuthToken;

  @Option(names = "--sms-account-sid", defaultValue = "AC00000000000000000000000000000000")
  String smsAccountSid;

  @Option(
      names = "--sms-number",
      defaultValue = "+15005550006",
      description = "paystream's number.")
  String smsNumber;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Replay at most this many transactions; 0 = all (default: ${DEFAULT-VALUE}).")
  long limit;

  @Option(names = "--from", description = "First event time (ISO date or instant), inclusive.")
  String from;

  @Option(names = "--to", description = "Last event time (ISO date or instant), exclusive.")
  String to;

  @Option(names = "--concurrency", defaultValue = "32", description = "Payments in flight.")
  int concurrency;

  @Option(names = "--rate", defaultValue = "0", description = "Payments per second; 0 = max.")
  double rate;

  @Option(names = "--request-timeout", defaultValue = "10s", description = "Per request.")
  String requestTimeout;

  @Option(names = "--max-attempts", defaultValue = "5", description = "Attempts after timeouts.")
  int maxAttempts;

  @Option(names = "--prefer-wait", defaultValue = "0", description = "Prefer: wait=N seconds.")
  int preferWait;

  @Option(names = "--reply-delay", defaultValue = "2s", description = "Cardholder answer delay.")
  String replyDelay;

  @Option(
      names = "--silent-share",
      defaultValue = "0.05",
      description = "Share of verification SMS never answered (default: ${DEFAULT-VALUE}).")
  double silentShare;

  @Option(
      names = "--settle-timeout",
      defaultValue = "120s",
      description = "How long to wait for final states after the last send.")
  String settleTimeout;

  @Option(names = "--key-prefix", description = "Idempotency-Key prefix (default: run-<time>).")
  String keyPrefix;

  @Option(names = "--report-dir", defaultValue = ".run/report", description = "Report directory.")
  Path reportDir;

  @Option(names = "--dry-run", description = "Load and summarize the dataset; no network.")
  boolean dryRun;

  @Option(names = "--fail-on-check", description = "Exit 1 when a check fails (make demo).")
  boolean failOnCheck;

  @Option(
      names = "--with-generator-fraud",
      description =
          "Also replay the generator's fraud episodes (--seed/--customers/--days) after the"
              + " dataset's slice.")
  boolean withGeneratorFraud;

  @Option(
      names = "--no-fleet-checks",
      description = "Skip the checks that read the database, Kafka and logs (reported NOT_RUN).")
  boolean noFleetChecks;

  @Option(
      names = "--logs-dir",
      defaultValue = ".run/logs",
      description = "Service logs (*.log) to scan (default: ${DEFAULT-VALUE}).")
  Path logsDir;

  @Option(
      names = "--lag-settle",
      defaultValue = "60s",
      description = "How long consumer lag may take to reach 0 (default: ${DEFAULT-VALUE}).")
  String lagSettle;

  @Option(
      names = "--scan-budget",
      defaultValue = "300s",
      description = "Time for the card-number scan (default: ${DEFAULT-VALUE}).")
  String scanBudget;

  @Option(
      names = "--travel-max-speed",
      defaultValue = "900",
      description = "fds-service's impossible-travel max speed, km/h (default: ${DEFAULT-VALUE}).")
  double travelMaxSpeed;

  @Option(
      names = "--travel-min-distance",
      defaultValue = "500",
      description = "fds-service's impossible-travel min distance, km (default: ${DEFAULT-VALUE}).")
  double travelMinDistance;

  @Override
  public Integer call() throws Exception {
    Dataset dataset = load();
    List<Transaction> slice = dataset.slice(instant(from), instant(to), limit);
    if (withGeneratorFraud && data != null) {
      Dataset generated = generator().load();
      List<Transaction> episodes = GeneratorFraud.episodes(generated);
      dataset = GeneratorFraud.merge(dataset, generated, episodes);
      List<Transaction> merged = new ArrayList<>(slice);
      merged.addAll(episodes);
      slice = merged.stream().sorted(Dataset.EVENT_TIME).toList();
    }
    System.out.printf(
        "dataset %s: %d customers, %d cards, %d merchants, %d payments (%d to replay), skipped %s,"
            + " adjusted %s%n",
        dataset.source(),
        dataset.customers().size(),
        dataset.cards().size(),
        dataset.merchants().size(),
        dataset.transactions().size(),
        slice.size(),
        dataset.skipped(),
        dataset.notes());
    System.out.printf(
        "impossible-travel holds expected from the labels (%.0f km/h, %.0f km): %d%n",
        travelSettings().maxSpeedKmh(),
        travelSettings().minDistanceKm(),
        ImpossibleTravel.pairs(slice, travelSettings(), ImpossibleTravel.BY_LABEL).size());
    if (dryRun) {
      return 0;
    }
    return replay(dataset, slice);
  }

  private int replay(Dataset dataset, List<Transaction> slice) throws Exception {
    URI gw = URI.create(fleet.gateway());
    Endpoints endpoints =
        new Endpoints(
            gw,
            URI.create(fleet.auth()),
            URI.create(smsSandbox),
            smsCallback != null
                ? URI.create(smsCallback)
                : Endpoints.join(gw, "/v1/verifications/sms-callback"));
    HttpJson http = new HttpJson(duration(requestTimeout));
    TokenClient tokens = new TokenClient(http, endpoints);
    Terminals terminals =
        new Terminals(
            http,
            endpoints,
            tokens,
            new Terminals.AdminCredentials(fleet.adminClientId(), fleet.adminClientSecret()),
            fleet.terminalSecretSeed(),
            tier);
    Instant started = Instant.now();
    String startedAt = started.toString();
    long start = System.nanoTime();

    // Register only what the slice uses.
    Map<String, Card> cards = dataset.cardsById();
    Set<String> cardIds = slice.stream().map(Transaction::cardId).collect(Collectors.toSet());
    Set<String> merchantIds =
        slice.stream()
            .map(Transaction::merchantId)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    List<Card> usedCards =
        dataset.cards().stream().filter(c -> cardIds.contains(c.cardId())).toList();
    Set<String> customerIds = usedCards.stream().map(Card::customerId).collect(Collectors.toSet());
    List<Customer> usedCustomers =
        dataset.customers().stream().filter(c -> customerIds.contains(c.customerId())).toList();
    Map<String, Long> registration = new TreeMap<>();
    RegistryClient.Registration registry =
        new RegistryClient(http, endpoints)
            .registerAll(
                terminals.adminToken().join(),
                usedCustomers,
                usedCards,
                dataset.merchants().stream()
                    .filter(m -> merchantIds.contains(m.merchantId()))
                    .toList());
    registry.accepted().forEach((k, v) -> registration.put(k + "-accepted", v));
    registry.rejected().forEach((k, v) -> registration.put("rejected " + k, v));
    Terminals.Registration terms = terminals.registerAll(merchantIds, 16);
    registration.put("terminals-registered", terms.registered());
    registration.put("terminals-existing", terms.existing());
    terms.failures().forEach((k, v) -> registration.put("terminals-failed " + k, v));
    // Every terminal of the slice is known: mint its first token before its first payment.
    Map<String, Long> unminted = terminals.mintAll(merchantIds, 16);
    registration.put(
        "terminal-tokens-minted",
        merchantIds.size() - unminted.values().stream().mapToLong(Long::longValue).sum());
    unminted.forEach((k, v) -> registration.put("terminal-tokens-failed " + k, v));
    System.out.printf("registered: %s%n", registration);

    ReplayStats stats = new ReplayStats();
    StatusTracker tracker =
        new StatusTracker(http, endpoints, terminals, stats, Duration.ofSeconds(1), 8);
    Map<String, List<PaymentOutcome>> acceptedByCustomer = new ConcurrentHashMap<>();
    Map<String, String> customerOfCard =
        dataset.cards().stream().collect(Collectors.toMap(Card::cardId, Card::customerId));
    var merchantsById = dataset.merchantsById();
    Map<String, String> customerByPhone = new LinkedHashMap<>();
    usedCustomers.forEach(c -> customerByPhone.put(c.phone(), c.customerId()));
    Cardholder cardholder =
        new Cardholder(
            http,
            endpoints,
            new Cardholder.Settings(
                smsAuthToken,
                smsAccountSid,
                smsNumber,
                duration(replyDelay),
                silentShare,
                Duration.ofMillis(500)),
            customerByPhone,
            customerId -> List.copyOf(acceptedByCustomer.getOrDefault(customerId, List.of())),
            tracker,
            merchantId -> {
              var m = merchantsById.get(merchantId);
              return m == null ? null : m.name();
            },
            Cardholder.MATCH_WINDOW);
    LiveView live =
        new LiveView(
            stats,
            tracker::pending,
            () -> {
              Map<String, Long> c = cardholder.counters();
              return " | sms "
                  + c.getOrDefault("sms-received", 0L)
                  + " yes "
                  + c.getOrDefault("answered-yes", 0L)
                  + " no "
                  + c.getOrDefault("answered-no", 0L);
            },
            System.out,
            System.console() != null);
    tracker.start();
    cardholder.start();
    live.start();
    String prefix =
        keyPrefix != null ? keyPrefix : "run-" + Long.toString(System.currentTimeMillis(), 36);
    ReplayEngine engine =
        new ReplayEngine(
            new PaymentClient(
                http, endpoints, terminals, stats, maxAttempts, Duration.ofSeconds(preferWait)),
            stats,
            concurrency,
            rate,
            prefix);
    long sendStart = System.nanoTime();
    List<PaymentOutcome> outcomes =
        engine.replay(
            slice,
            cards,
            outcome -> {
              if (outcome.accepted()) {
                acceptedByCustomer
                    .computeIfAbsent(
                        customerOfCard.get(outcome.transaction().cardId()),
                        k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(outcome);
                tracker.track(outcome);
              }
            });
    double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
    // Failed token attempts (retried or not) by true cause, minting and replay together.
    terminals.tokenFailures().forEach((k, v) -> registration.put("token-attempts-failed " + k, v));
    tracker.awaitSettled(duration(settleTimeout));
    live.stop();
    cardholder.stop();
    tracker.stop();

    List<RunCheck> checks =
        new ArrayList<>(
            List.of(
                ApiChecks.NO_DUPLICATE_PAYMENT_IDS,
                ApiChecks.EVERY_ACCEPTED_PAYMENT_HAS_A_STATE,
                HeldPaymentChecks.HELD_FRAUD_DENIED,
                HeldPaymentChecks.HELD_GENUINE_COMPLETED,
                HeldPaymentChecks.impossibleTravelHeld(travelSettings())));
    Map<String, Long> value = new TreeMap<>();
    if (noFleetChecks) {
      checks.addAll(ApiChecks.fleetNotRun());
    } else {
      FleetChecks fleetChecks =
          new FleetChecks(
              new FleetSettings(
                  fleet.jdbcUrl(),
                  fleet.dbUser(),
                  fleet.dbPassword(),
                  fleet.kafkaBootstrap(),
                  logsDir,
                  duration(lagSettle),
                  duration(scanBudget),
                  FleetSettings.SERVICE_SCHEMAS),
              knownIdentifiers(dataset));
      checks.addAll(fleetChecks.all());
      value = fleetChecks.valueCreated(customerIds, started);
    }
    Set<String> silent =
        cardholder.loops().stream()
            .filter(l -> "SILENT".equals(l.answer()) && l.paymentId() != null)
            .map(Cardholder.Loop::paymentId)
            .collect(Collectors.toSet());
    RunReport report =
        ReportBuilder.build(
            new ReportBuilder.Inputs(
                dataset,
                slice.size(),
                startedAt,
                (System.nanoTime() - start) / 1e9,
                sendSeconds,
                registration,
                stats,
                outcomes,
                tracker.all(),
                cardholder.counters(),
                silent,
                value,
                checks));
    System.out.print(ReportWriter.table(report));
    ReportWriter.write(report, reportDir);
    System.out.println("report: " + reportDir.resolve("report.html").toAbsolutePath());
    return failOnCheck && report.anyCheckFailed() ? 1 : 0;
  }

  Dataset load() throws IOException {
    String chosen = format.toLowerCase(java.util.Locale.ROOT);
    if (data == null || chosen.equals("generator")) {
      return generator().load();
    }
    return loadDataset(data, format, geoDir);
  }

  /**
   * Loads a TabFormer or Sparkov dataset.
   *
   * @param format {@code auto}, {@code tabformer} or {@code sparkov}
   * @param geoDir the gazetteer directory, {@code null} for {@code <data>/../geo}
   * @throws IOException when the file cannot be read or its format not detected
   */
  public static Dataset loadDataset(Path data, String format, Path geoDir) throws IOException {
    String chosen = format.toLowerCase(java.util.Locale.ROOT);
    DatasetFormat f =
        switch (chosen) {
          case "tabformer" -> DatasetFormat.TABFORMER;
          case "sparkov" -> DatasetFormat.SPARKOV;
          case "auto" ->
              DatasetFormat.detect(data)
                  .orElseThrow(
                      () -> new IOException("cannot detect the dataset format of " + data));
          default -> throw new IOException("unknown --format " + format);
        };
    DatasetAdapter adapter =
        switch (f) {
          case TABFORMER -> new TabFormerAdapter(data, geoDir);
          case SPARKOV -> new SparkovAdapter(data);
          case GENERATOR -> TrafficGenerator.defaults();
        };
    return adapter.load();
  }

  /**
   * The 12–19 digit runs of what the dataset registers besides cards (TabFormer merchant names are
   * 64-bit numbers, phone numbers): not card numbers, so the leak scan skips them.
   */
  static Set<String> knownIdentifiers(Dataset dataset) {
    Set<String> known = new java.util.HashSet<>();
    dataset
        .merchants()
        .forEach(
            m -> {
              known.addAll(PanScanner.digitRuns(m.merchantId()));
              known.addAll(PanScanner.digitRuns(m.name()));
            });
    dataset
        .customers()
        .forEach(
            c -> {
              known.addAll(PanScanner.digitRuns(c.customerId()));
              known.addAll(PanScanner.digitRuns(c.phone()));
            });
    Set<String> pans = dataset.cards().stream().map(Card::pan).collect(Collectors.toSet());
    known.removeAll(pans);
    return known;
  }

  TrafficGenerator generator() {
    return new TrafficGenerator(seed, customers, days, LocalDate.of(2025, 3, 3), 0.10, 0.05);
  }

  ImpossibleTravel.Settings travelSettings() {
    return new ImpossibleTravel.Settings(travelMaxSpeed, travelMinDistance);
  }

  /** {@link #instant}, public for the backtest. */
  public static Instant instantOf(String text) {
    return instant(text);
  }

  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(text);
  }

  /** {@code 10s}, {@code 500ms}, {@code 2m} or an ISO-8601 duration. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    }
    if (t.endsWith("m")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
    }
    return Duration.parse(text);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PosSimulator()).execute(args));
  }
}
