package io.paystream.devstack;

import io.paystream.contracts.Topic;
import io.paystream.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The dev stack's real KRaft Kafka: {@code kafka.Kafka} processes (each broker and controller in
 * one) run from the project's own Maven dependencies. One node by default, with its data under
 * {@code <runDir>/kafka}; with {@code PAYSTREAM_KAFKA_BROKERS=3} ({@code make up BROKERS=3}) three
 * nodes forming a static controller quorum, nodes 2 and 3 under {@code <runDir>/kafka/node-<n>},
 * replication factor 3 and {@code min.insync.replicas} 2, so one node can be killed without losing
 * an acknowledged write. Recipe: TOOLCHAIN.md "Kafka without Docker".
 */
public final class KafkaBroker {

  /** Component name of node 1 (PID file, log file, status row); node n is {@code kafka-n}. */
  public static final String NAME = "kafka";

  /** The most nodes a dev stack runs. */
  public static final int MAX_NODES = 3;

  /** The file under {@link #home()} that records how many nodes the data was formatted for. */
  static final String NODES_FILE = "nodes";

  /**
   * One KRaft node.
   *
   * @param id its {@code node.id}, 1-based
   * @param process its managed process ({@code kafka}, {@code kafka-2}, ...)
   * @param home its properties, logback config and data directory
   */
  public record Node(int id, ManagedProcess process, Path home) {}

  private final StackConfig config;
  private final List<Node> nodes;

  public KafkaBroker(StackConfig config) {
    this.config = config;
    List<Node> all = new ArrayList<>();
    for (int id = 1; id <= MAX_NODES; id++) {
      all.add(new Node(id, ManagedProcess.of(config, nodeName(id)), nodeHome(config, id)));
    }
    this.nodes = List.copyOf(all);
  }

  /** {@code kafka} for node 1, {@code kafka-<id>} for the others. */
  public static String nodeName(int id) {
    return id == 1 ? NAME : NAME + "-" + id;
  }

  private static Path nodeHome(StackConfig c, int id) {
    Path home = c.runDir().resolve("kafka");
    return id == 1 ? home : home.resolve("node-" + id);
  }

  /** Node 1's managed process. */
  public ManagedProcess process() {
    return nodes.getFirst().process();
  }

  /** The configured nodes ({@code PAYSTREAM_KAFKA_BROKERS} of them). */
  public List<Node> nodes() {
    return nodes.subList(0, config.kafkaBrokers());
  }

  /** Every node a stack may have run, configured or not (what {@code down} looks for). */
  public List<Node> allNodes() {
    return nodes;
  }

  /** {@code <runDir>/kafka}: node 1's home and the parent of the other nodes'. */
  public Path home() {
    return nodes.getFirst().home();
  }

  /** Replication factor of the topics: the node count, at most 3. */
  static int replicationFactor(StackConfig c) {
    return Math.min(3, c.kafkaBrokers());
  }

  /** {@code min.insync.replicas}: 2 with three replicas, else 1. */
  static int minInsyncReplicas(StackConfig c) {
    return replicationFactor(c) >= 3 ? 2 : 1;
  }

  /** Node 1's properties (the single-node stack). */
  public static Map<String, String> serverProperties(StackConfig c, Path dataDir) {
    return serverProperties(c, 1, dataDir);
  }

  /** The combined broker + controller properties of node {@code id}. */
  public static Map<String, String> serverProperties(StackConfig c, int id, Path dataDir) {
    String rf = Integer.toString(replicationFactor(c));
    String minIsr = Integer.toString(minInsyncReplicas(c));
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(id));
    if (c.kafkaBrokers() == 1) {
      p.put("controller.quorum.bootstrap.servers", c.host() + ":" + c.controllerPort());
    } else {
      StringBuilder voters = new StringBuilder();
      for (int n = 1; n <= c.kafkaBrokers(); n++) {
        voters
            .append(n > 1 ? "," : "")
            .append(n)
            .append('@')
            .append(c.host())
            .append(':')
            .append(c.controllerPort(n));
      }
      p.put("controller.quorum.voters", voters.toString());
    }
    p.put(
        "listeners",
        "PLAINTEXT://"
            + c.host()
            + ":"
            + c.kafkaPort(id)
            + ",CONTROLLER://"
            + c.host()
            + ":"
            + c.controllerPort(id));
    p.put("advertised.listeners", "PLAINTEXT://" + c.host() + ":" + c.kafkaPort(id));
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.toString());
    p.put("num.partitions", "3");
    p.put("default.replication.factor", rf);
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", rf);
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.replication.factor", rf);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("min.insync.replicas", minIsr);
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.retention.hours", "24");
    return p;
  }

  /**
   * Formats the storage of every configured node that has none (one cluster id for all) and starts
   * the nodes that do not run. Does not wait; see {@link #healthy()}.
   *
   * @throws IllegalStateException when the data under {@link #home()} was formatted for another
   *     node count (delete it: {@code make devstack-reset}, or run with that {@code BROKERS})
   */
  public void start() {
    Path nodesFile = home().resolve(NODES_FILE);
    String clusterId;
    try {
      Files.createDirectories(home());
      if (Files.exists(nodesFile)) {
        String[] recorded = Files.readString(nodesFile, StandardCharsets.UTF_8).trim().split(" ");
        if (Integer.parseInt(recorded[0]) != config.kafkaBrokers()) {
          throw new IllegalStateException(
              "the Kafka data under "
                  + home()
                  + " was formatted for "
                  + recorded[0]
                  + " node(s), not "
                  + config.kafkaBrokers()
                  + ": delete it (`make devstack-reset`, or `rm -rf "
                  + home()
                  + "` after `make down`) or run with BROKERS="
                  + recorded[0]);
        }
        clusterId = recorded[1];
      } else if (Files.exists(home().resolve("data").resolve("meta.properties"))) {
        // formatted before the node count was recorded: a single-node cluster
        if (config.kafkaBrokers() != 1) {
          throw new IllegalStateException(
              "the Kafka data under "
                  + home()
                  + " is a single-node cluster: delete it (`make devstack-reset`) to run "
                  + config.kafkaBrokers()
                  + " nodes");
        }
        clusterId = randomClusterId();
      } else {
        clusterId = randomClusterId();
        Files.writeString(
            nodesFile, config.kafkaBrokers() + " " + clusterId + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Node node : nodes()) {
      if (node.process().running().isEmpty()) {
        start(node, clusterId);
      }
    }
  }

  private void start(Node node, String clusterId) {
    Ports.requireFree(config.host(), config.kafkaPort(node.id()), "Kafka node " + node.id());
    Ports.requireFree(
        config.host(), config.controllerPort(node.id()), "KRaft controller " + node.id());
    Path data = node.home().resolve("data");
    Path props = node.home().resolve("server.properties");
    Path logback = node.home().resolve("logback.xml");
    try {
      Files.createDirectories(data);
      StringBuilder text = new StringBuilder("# written by devstack; regenerated on every start\n");
      serverProperties(config, node.id(), data)
          .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      Files.writeString(props, text, StandardCharsets.UTF_8);
      Files.writeString(logback, LOGBACK_XML, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> java = javaCommand(logback);
    if (!Files.exists(data.resolve("meta.properties"))) {
      List<String> format = new ArrayList<>(java);
      format.addAll(List.of("kafka.tools.StorageTool", "format"));
      if (config.kafkaBrokers() == 1) {
        format.add("--standalone");
      }
      // One argument, "--cluster-id=<id>": a base64url id may start with '-', which the
      // tool's parser would take for an option ("expected one argument").
      format.addAll(List.of("--cluster-id=" + clusterId, "-c", props.toString()));
      ProcessRunner.run(format, Duration.ofSeconds(60), node.process().logFile());
    }
    List<String> run = new ArrayList<>(java);
    run.addAll(List.of(config.kafkaBrokers() == 1 ? "-Xmx512m" : "-Xmx384m", "kafka.Kafka"));
    run.add(props.toString());
    node.process().start(run, Map.of(), config.runDir());
  }

  private List<String> javaCommand(Path logback) {
    return new ArrayList<>(
        List.of(
            Java.executable(),
            "-Dlogback.configurationFile=" + logback,
            "-Dlog4j2.level=WARN",
            "-Djava.awt.headless=true",
            "-cp",
            config.classpath()));
  }

  private static String randomClusterId() {
    // Kafka's own generator: a base64url UUID that never starts with '-'
    return org.apache.kafka.common.Uuid.randomUuid().toString();
  }

  /** Admin client properties for this broker. */
  public Properties adminProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return p;
  }

  /** Whether every configured node listens and is in the cluster metadata. */
  public boolean healthy() {
    for (Node node : nodes()) {
      if (!Ports.isListening(config.host(), config.kafkaPort(node.id()))) {
        return false;
      }
    }
    try (Admin admin = Admin.create(adminProperties())) {
      return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size()
          >= config.kafkaBrokers();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The registry topics and every subscription's dead-letter topic, with dev partitions, RF 1. */
  public static List<NewTopic> registryTopics() {
    return registryTopics((short) 1);
  }

  /** The registry and dead-letter topics with dev partitions and {@code replicationFactor}. */
  public static List<NewTopic> registryTopics(short replicationFactor) {
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<?> t : Topics.ALL) {
      topics.add(new NewTopic(t.name(), t.devPartitions(), replicationFactor));
    }
    for (Topics.Subscription s : Topics.SUBSCRIPTIONS) {
      topics.add(new NewTopic(s.deadLetterTopic(), s.topic().devPartitions(), replicationFactor));
    }
    return topics;
  }

  /**
   * Creates every registry and dead-letter topic that does not exist yet.
   *
   * @return the names created now
   */
  public List<String> createTopics() {
    try (Admin admin = Admin.create(adminProperties())) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          registryTopics((short) replicationFactor(config)).stream()
              .filter(t -> !existing.contains(t.name()))
              .toList();
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create topics on " + config.kafkaBootstrap() + ": " + e.getMessage(), e);
    }
  }

  /** Topic name → partition count of every topic on the broker (internal ones excluded). */
  public Map<String, Integer> listTopics() {
    try (Admin admin = Admin.create(adminProperties())) {
      Set<String> names = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
      Map<String, Integer> result = new LinkedHashMap<>();
      admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
          .sorted((a, b) -> a.name().compareTo(b.name()))
          .forEach(d -> result.put(d.name(), d.partitions().size()));
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot list topics on "
              + config.kafkaBootstrap()
              + " (is the dev stack up? `make up`): "
              + e.getMessage(),
          e);
    }
  }

  private static final String LOGBACK_XML =
      """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
        </appender>
        <logger name="kafka" level="INFO"/>
        <logger name="org.apache.kafka" level="INFO"/>
        <logger name="state.change.logger" level="WARN"/>
        <logger name="kafka.request.logger" level="WARN"/>
        <root level="INFO"><appender-ref ref="OUT"/></root>
      </configuration>
      """;
}
