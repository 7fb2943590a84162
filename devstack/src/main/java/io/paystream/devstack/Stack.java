package io.paystream.devstack;

import io.paystream.devstack.sandbox.SandboxCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Brings the dev stack up and down: PostgreSQL and Redis (used or started), the Kafka broker with
 * every registry topic, the provider sandboxes and the service fleet, each a background process
 * with a PID file and a log under the run directory. Idempotent: what already runs (PID file,
 * process alive) is not started again.
 */
public final class Stack {

  /** Component name of the sandbox process (SMTP + mail API + SMS). */
  public static final String SANDBOX = "sandbox";

  private static final String INFRA_STARTED = "infra-started";
  private static final Duration POLL = Duration.ofMillis(500);

  private final StackConfig config;
  private final PrintStream out;
  private final PostgresInstance postgres;
  private final RedisInstance redis;
  private final KafkaBroker kafka;
  private final ManagedProcess sandbox;

  public Stack(StackConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
    this.postgres = new PostgresInstance(config);
    this.redis = new RedisInstance(config);
    this.kafka = new KafkaBroker(config);
    this.sandbox = ManagedProcess.of(config, SANDBOX);
  }

  /** The Kafka broker component. */
  public KafkaBroker kafka() {
    return kafka;
  }

  /** The sandbox process. */
  public ManagedProcess sandbox() {
    return sandbox;
  }

  /**
   * Starts everything that does not run yet and waits until all of it is healthy.
   *
   * @param withServices also start the service fleet
   * @throws IllegalStateException on a timeout, a process that died or a port held by another
   *     process, with the tail of the failing log
   */
  public void up(boolean withServices) {
    Deadline deadline = new Deadline(config.startTimeout());
    preflight(withServices);
    infra(deadline);
    startKafkaAndSandbox(deadline);
    awaitKafkaAndSandbox(deadline);
    if (withServices) {
      startServices();
      // the first up after a build trains the AOT caches first: the services' own start-up
      // gets the whole start timeout
      awaitServices(new Deadline(config.startTimeout()));
    }
  }

  /**
   * Ensures PostgreSQL and Redis answer (starting throwaway ones where nothing answers) and
   * remembers which ones this call started, for {@link #infraDown()}.
   *
   * @return names of the components started now
   */
  public List<String> infraUp() {
    List<String> started = infra(new Deadline(config.startTimeout()));
    Path file = config.runDir().resolve(INFRA_STARTED);
    try {
      Files.createDirectories(config.runDir());
      List<String> all = new ArrayList<>(readInfraStarted());
      started.stream().filter(n -> !all.contains(n)).forEach(all::add);
      Files.writeString(file, String.join("\n", all) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return started;
  }

  /** Stops only what {@link #infraUp()} started. */
  public void infraDown() {
    for (String name : readInfraStarted()) {
      if (name.equals(RedisInstance.NAME) && redis.stop()) {
        out.println("stopped redis");
      } else if (name.equals(PostgresInstance.NAME) && postgres.stop()) {
        out.println("stopped postgres");
      }
    }
    try {
      Files.deleteIfExists(config.runDir().resolve(INFRA_STARTED));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> readInfraStarted() {
    Path file = config.runDir().resolve(INFRA_STARTED);
    try {
      return Files.exists(file)
          ? Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList()
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Checks, before starting anything, that no port we are about to listen on is held by a process
   * that is not ours (PostgreSQL and Redis excepted: whatever answers there is used).
   */
  private void preflight(boolean withServices) {
    List<String> problems = new ArrayList<>();
    String h = config.host();
    for (KafkaBroker.Node node : kafka.nodes()) {
      if (node.process().running().isEmpty()) {
        Ports.takenMessage(h, config.kafkaPort(node.id()), "Kafka node " + node.id())
            .ifPresent(problems::add);
        Ports.takenMessage(h, config.controllerPort(node.id()), "KRaft controller " + node.id())
            .ifPresent(problems::add);
      }
    }
    if (sandbox.running().isEmpty()) {
      Ports.takenMessage(h, config.smtpPort(), "the SMTP sandbox").ifPresent(problems::add);
      Ports.takenMessage(h, config.mailApiPort(), "the mail sandbox API").ifPresent(problems::add);
      Ports.takenMessage(h, config.smsPort(), "the SMS sandbox").ifPresent(problems::add);
    }
    if (withServices) {
      for (Fleet.Service s : Fleet.SERVICES) {
        if (ManagedProcess.of(config, s.name()).running().isEmpty()) {
          Ports.takenMessage(h, s.port(), s.name()).ifPresent(problems::add);
          if (s.separateManagementPort()) {
            Ports.takenMessage(h, s.managementPort(), s.name() + " management")
                .ifPresent(problems::add);
          }
        }
      }
    }
    Ports.requireNone(problems);
  }

  private List<String> infra(Deadline deadline) {
    List<String> started = new ArrayList<>();
    if (!postgres.answers()) {
      if (postgres.process().running().isEmpty()) {
        out.println("PostgreSQL does not answer at " + pgAddress() + ": starting one under .run/");
        postgres.start();
        started.add(PostgresInstance.NAME);
      }
      await("postgres", postgres::answers, postgres.process(), deadline);
    }
    postgres.ensureDatabase();
    if (!redis.answers()) {
      if (redis.process().running().isEmpty()) {
        out.println("Redis does not answer at " + redisAddress() + ": starting one under .run/");
        redis.start();
        started.add(RedisInstance.NAME);
      }
      await("redis", redis::answers, redis.process(), deadline);
    }
    return started;
  }

  /** Starts the broker and the sandbox unless they run. */
  public void startKafkaAndSandbox(Deadline deadline) {
    if (kafka.nodes().stream().anyMatch(n -> n.process().running().isEmpty())) {
      out.println("starting Kafka on " + config.kafkaBootstrap());
      kafka.start();
    }
    if (sandbox.running().isEmpty()) {
      Ports.requireFree(config.host(), config.smtpPort(), "the SMTP sandbox");
      Ports.requireFree(config.host(), config.mailApiPort(), "the mail sandbox API");
      Ports.requireFree(config.host(), config.smsPort(), "the SMS sandbox");
      out.println("starting the SMTP and SMS sandboxes");
      sandbox.start(SandboxCommand.command(config), Map.of(), config.runDir());
    }
  }

  /** Waits for the broker (then creates the topics) and the sandbox. */
  public void awaitKafkaAndSandbox(Deadline deadline) {
    for (KafkaBroker.Node node : kafka.nodes()) {
      // each node must stay alive; the cluster is healthy once every node is in its metadata
      await(KafkaBroker.nodeName(node.id()), kafka::healthy, node.process(), deadline);
    }
    List<String> created = kafka.createTopics();
    if (!created.isEmpty()) {
      out.println("created " + created.size() + " topics");
    }
    await(SANDBOX, this::sandboxHealthy, sandbox, deadline);
  }

  private boolean sandboxHealthy() {
    return Http.up(config.smsBaseUrl() + "/sandbox/health")
        && Http.up(config.mailApiBaseUrl() + "/sandbox/health");
  }

  /** The options of every service JVM: heap, GC, then {@code PAYSTREAM_JAVA_OPTS}. */
  private List<String> serviceJvmOptions() {
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + config.serviceHeap());
    options.add("-XX:+UseSerialGC");
    options.add("-Dspring.output.ansi.enabled=never");
    options.addAll(config.serviceJvmOptions());
    return options;
  }

  private void startServices() {
    List<String> jvmOptions = serviceJvmOptions();
    AotCache aot = new AotCache(config, out);
    aot.prepare(
        Fleet.SERVICES.stream()
            .filter(s -> ManagedProcess.of(config, s.name()).running().isEmpty())
            .filter(s -> Files.isRegularFile(config.root().resolve(s.jar())))
            .toList(),
        jvmOptions);
    for (Fleet.Service s : Fleet.SERVICES) {
      ManagedProcess p = ManagedProcess.of(config, s.name());
      if (p.running().isPresent()) {
        continue;
      }
      Path jar = config.root().resolve(s.jar());
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "service jar " + s.jar() + " is missing: run `make build` (or `make up` builds it)");
      }
      Ports.requireFree(config.host(), s.port(), s.name());
      if (s.separateManagementPort()) {
        Ports.requireFree(config.host(), s.managementPort(), s.name() + " management");
      }
      p.start(aot.launch(s, jvmOptions), ServiceEnvironment.of(config, s), config.root());
    }
    out.println("started the service fleet; waiting for /actuator/health");
  }

  private void awaitServices(Deadline deadline) {
    List<Fleet.Service> pending = new ArrayList<>(Fleet.SERVICES);
    while (!pending.isEmpty()) {
      for (var it = pending.iterator(); it.hasNext(); ) {
        Fleet.Service s = it.next();
        ManagedProcess p = ManagedProcess.of(config, s.name());
        if (p.running().isEmpty()) {
          throw failure(s.name(), "exited during start", p);
        }
        if (Http.up(s.healthUrl(config.host()))) {
          it.remove();
        }
      }
      if (!pending.isEmpty()) {
        if (deadline.passed()) {
          Fleet.Service first = pending.get(0);
          throw failure(
              first.name(),
              "not healthy after "
                  + config.startTimeout().toSeconds()
                  + " s ("
                  + first.healthUrl(config.host())
                  + ")",
              ManagedProcess.of(config, first.name()));
        }
        sleep(POLL);
      }
    }
  }

  private void await(String name, BooleanSupplier healthy, ManagedProcess p, Deadline deadline) {
    while (!healthy.getAsBoolean()) {
      if (p.hasPidFile() && p.running().isEmpty()) {
        throw failure(name, "exited during start", p);
      }
      if (deadline.passed()) {
        throw failure(name, "not healthy after " + config.startTimeout().toSeconds() + " s", p);
      }
      sleep(POLL);
    }
  }

  private IllegalStateException failure(String name, String what, ManagedProcess p) {
    return new IllegalStateException(
        name
            + " "
            + what
            + "; last lines of "
            + relative(p.logFile())
            + ":\n"
            + p.tail(30)
            + "\n(`make down` stops what was started)");
  }

  /**
   * Stops everything this stack started, services first, by PID: SIGTERM, then SIGKILL after a
   * grace period. PostgreSQL and Redis are stopped only if the stack started them.
   *
   * @return names of the components stopped
   */
  public List<String> down() {
    List<String> stopped = new ArrayList<>();
    List<ManagedProcess> services =
        Fleet.SERVICES.stream().map(s -> ManagedProcess.of(config, s.name())).toList();
    List<ManagedProcess> all = new ArrayList<>(services);
    all.add(sandbox);
    kafka.allNodes().forEach(n -> all.add(n.process()));
    all.addAll(List.of(redis.process(), postgres.process()));
    all.forEach(p -> p.reportForeign().ifPresent(out::println));
    // stop the fleet in parallel: SIGTERM to all, then wait for each
    services.stream()
        .filter(p -> p.running().isPresent())
        .map(
            p ->
                Thread.ofVirtual()
                    .start(
                        () -> {
                          if (p.stop(Duration.ofSeconds(20))) {
                            synchronized (stopped) {
                              stopped.add(p.name());
                            }
                          }
                        }))
        .toList()
        .forEach(Stack::join);
    if (sandbox.stop(Duration.ofSeconds(10))) {
      stopped.add(SANDBOX);
    }
    kafka.allNodes().stream()
        .filter(n -> n.process().running().isPresent())
        .map(
            n ->
                Thread.ofVirtual()
                    .start(
                        () -> {
                          if (n.process().stop(Duration.ofSeconds(30))) {
                            synchronized (stopped) {
                              stopped.add(n.process().name());
                            }
                          }
                        }))
        .toList()
        .forEach(Stack::join);
    if (redis.stop()) {
      stopped.add(RedisInstance.NAME);
    }
    if (postgres.stop()) {
      stopped.add(PostgresInstance.NAME);
    }
    try {
      Files.deleteIfExists(config.runDir().resolve(INFRA_STARTED));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reportHeldPorts();
    return stopped;
  }

  /**
   * Says which of our ports (broker, sandbox, fleet) a process without our PID file still holds.
   */
  private void reportHeldPorts() {
    Ports.Listeners listening = Ports.listeners(config.host());
    for (Map.Entry<String, List<Integer>> component : ports().entrySet()) {
      for (int port : component.getValue()) {
        listening
            .on(port)
            .ifPresent(
                l ->
                    out.println(
                        "port "
                            + port
                            + " ("
                            + component.getKey()
                            + ") is still held by "
                            + l.pid().map(Ports::describe).orElse("a process we may not look at")
                            + ", which has no PID file of ours: left it running"));
      }
    }
  }

  /** The ports of the broker, the sandbox and each service, by component name, in start order. */
  private Map<String, List<Integer>> ports() {
    Map<String, List<Integer>> ports = new java.util.LinkedHashMap<>();
    for (KafkaBroker.Node node : kafka.nodes()) {
      ports.put(
          KafkaBroker.nodeName(node.id()),
          List.of(config.kafkaPort(node.id()), config.controllerPort(node.id())));
    }
    ports.put(SANDBOX, List.of(config.smtpPort(), config.mailApiPort(), config.smsPort()));
    for (Fleet.Service s : Fleet.SERVICES) {
      ports.put(
          s.name(),
          s.separateManagementPort() ? List.of(s.port(), s.managementPort()) : List.of(s.port()));
    }
    return ports;
  }

  /**
   * The status of every component, in start order. A component without a process of ours whose port
   * a process without our PID file holds shows that PID as {@code "<pid> (not ours)"}.
   */
  public List<StatusTable.Row> status() {
    Ports.Listeners listening = Ports.listeners(config.host());
    Map<String, List<Integer>> ports = ports();
    List<StatusTable.Row> rows = new ArrayList<>();
    rows.add(infraRow(PostgresInstance.NAME, postgres.process(), pgAddress(), postgres.answers()));
    rows.add(infraRow(RedisInstance.NAME, redis.process(), redisAddress(), redis.answers()));
    boolean kafkaHealthy = kafka.healthy();
    for (KafkaBroker.Node node : kafka.nodes()) {
      String name = KafkaBroker.nodeName(node.id());
      rows.add(
          row(
              name,
              node.process(),
              config.host()
                  + ":"
                  + config.kafkaPort(node.id())
                  + " (controller "
                  + config.controllerPort(node.id())
                  + ")",
              kafkaHealthy && Ports.isListening(config.host(), config.kafkaPort(node.id())),
              notOurs(listening, ports.get(name))));
    }
    rows.add(
        row(
            SANDBOX,
            sandbox,
            "smtp "
                + config.smtpPort()
                + ", mail api "
                + config.mailApiPort()
                + ", sms "
                + config.smsPort(),
            sandboxHealthy(),
            notOurs(listening, ports.get(SANDBOX))));
    Map<Fleet.Service, Boolean> health = new java.util.concurrent.ConcurrentHashMap<>();
    Fleet.SERVICES.stream()
        .map(
            s ->
                Map.entry(
                    s,
                    Thread.ofVirtual()
                        .start(() -> health.put(s, Http.up(s.healthUrl(config.host()))))))
        .toList()
        .forEach(e -> join(e.getValue()));
    for (Fleet.Service s : Fleet.SERVICES) {
      String address =
          config.host()
              + ":"
              + s.port()
              + (s.separateManagementPort() ? " (mgmt " + s.managementPort() + ")" : "");
      rows.add(
          row(
              s.name(),
              ManagedProcess.of(config, s.name()),
              address,
              Boolean.TRUE.equals(health.get(s)),
              notOurs(listening, ports.get(s.name()))));
    }
    return rows;
  }

  private StatusTable.Row infraRow(String name, ManagedProcess p, String address, boolean up) {
    if (p.running().isPresent()) {
      return row(name, p, address, up, "-");
    }
    return new StatusTable.Row(name, up ? "external" : "-", address, up ? "UP" : "DOWN", "-");
  }

  /**
   * A component's line.
   *
   * @param otherwise the PID cell when no process of ours runs ({@link #notOurs})
   */
  private StatusTable.Row row(
      String name, ManagedProcess p, String address, boolean up, String otherwise) {
    String pid = p.running().map(h -> Long.toString(h.pid())).orElse(otherwise);
    String health = up ? "UP" : pid.equals("-") ? "STOPPED" : "DOWN";
    return new StatusTable.Row(name, pid, address, health, relative(p.logFile()));
  }

  /**
   * The PID cell for a component none of whose processes is ours: {@code "<pid> (not ours)"} for
   * the first of its ports something listens on, {@code "not ours"} if that process cannot be seen,
   * {@code "-"} if none of its ports is held.
   */
  private static String notOurs(Ports.Listeners listening, List<Integer> ports) {
    return ports.stream()
        .map(listening::on)
        .flatMap(java.util.Optional::stream)
        .findFirst()
        .map(l -> l.pid().map(pid -> pid + " (not ours)").orElse("not ours"))
        .orElse("-");
  }

  private String relative(Path file) {
    Path abs = file.toAbsolutePath();
    Path root = config.root().toAbsolutePath();
    return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
  }

  private String pgAddress() {
    return config.postgresHost() + ":" + config.postgresPort() + "/" + config.database();
  }

  private String redisAddress() {
    return config.redisHost() + ":" + config.redisPort();
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A point in time after which waiting stops. */
  public static final class Deadline {
    private final long deadlineNanos;

    public Deadline(Duration timeout) {
      this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    boolean passed() {
      return System.nanoTime() - deadlineNanos > 0;
    }
  }
}
