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
 * A real single-node KRaft Kafka broker ({@code kafka.Kafka}, broker and controller in one process)
 * run from the project's own Maven dependencies, with its data under {@code <runDir>/kafka}.
 * Recipe: TOOLCHAIN.md "Kafka without Docker".
 */
public final class KafkaBroker {

  /** Component name: PID file, log file, status row. */
  public static final String NAME = "kafka";

  private final StackConfig config;
  private final ManagedProcess process;

  public KafkaBroker(StackConfig config) {
    this.config = config;
    this.process = ManagedProcess.of(config, NAME);
  }

  /** The broker's managed process. */
  public ManagedProcess process() {
    return process;
  }

  /** {@code <runDir>/kafka}: properties, logback config and the log directory. */
  public Path home() {
    return config.runDir().resolve("kafka");
  }

  /** The combined broker + controller properties for this stack's ports and data directory. */
  public static Map<String, String> serverProperties(StackConfig c, Path dataDir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", c.host() + ":" + c.controllerPort());
    p.put(
        "listeners",
        "PLAINTEXT://"
            + c.host()
            + ":"
            + c.kafkaPort()
            + ",CONTROLLER://"
            + c.host()
            + ":"
            + c.controllerPort());
    p.put("advertised.listeners", "PLAINTEXT://" + c.host() + ":" + c.kafkaPort());
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.toString());
    p.put("num.partitions", "3");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.retention.hours", "24");
    return p;
  }

  /**
   * Formats the storage (first start only) and starts the broker process. Does not wait; see {@link
   * #awaitReady(Duration)}.
   */
  public ProcessHandle start() {
    Ports.requireFree(config.host(), config.kafkaPort(), "the Kafka broker");
    Ports.requireFree(config.host(), config.controllerPort(), "the KRaft controller");
    Path data = home().resolve("data");
    Path props = home().resolve("server.properties");
    Path logback = home().resolve("logback.xml");
    try {
      Files.createDirectories(data);
      StringBuilder text = new StringBuilder("# written by devstack; regenerated on every start\n");
      serverProperties(config, data)
          .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      Files.writeString(props, text, StandardCharsets.UTF_8);
      Files.writeString(logback, LOGBACK_XML, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> java = javaCommand(logback);
    if (!Files.exists(data.resolve("meta.properties"))) {
      List<String> format = new ArrayList<>(java);
      format.addAll(
          List.of(
              "kafka.tools.StorageTool",
              "format",
              "--standalone",
              // One argument, "--cluster-id=<id>": a base64url id may start with '-', which the
              // tool's parser would take for an option ("expected one argument").
              "--cluster-id=" + randomClusterId(),
              "-c",
              props.toString()));
      ProcessRunner.run(format, Duration.ofSeconds(60), process.logFile());
    }
    List<String> run = new ArrayList<>(java);
    run.addAll(List.of("-Xmx512m", "kafka.Kafka", props.toString()));
    return process.start(run, Map.of(), config.runDir());
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

  /** Whether the port answers and the broker returns cluster metadata. */
  public boolean healthy() {
    if (!Ports.isListening(config.host(), config.kafkaPort())) {
      return false;
    }
    try (Admin admin = Admin.create(adminProperties())) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The registry topics and every subscription's dead-letter topic, with dev partitions, RF 1. */
  public static List<NewTopic> registryTopics() {
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<?> t : Topics.ALL) {
      topics.add(new NewTopic(t.name(), t.devPartitions(), (short) 1));
    }
    for (Topics.Subscription s : Topics.SUBSCRIPTIONS) {
      topics.add(new NewTopic(s.deadLetterTopic(), s.topic().devPartitions(), (short) 1));
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
          registryTopics().stream().filter(t -> !existing.contains(t.name())).toList();
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
