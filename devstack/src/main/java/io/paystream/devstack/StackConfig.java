package io.paystream.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where every part of the dev stack lives. Each setting comes from an environment variable (name in
 * brackets), else the default of {@code docs/api.md}:
 *
 * <ul>
 *   <li>{@code host} [PAYSTREAM_HOST] 127.0.0.1: the loopback address everything binds to
 *   <li>{@code kafkaPort} [PAYSTREAM_KAFKA_PORT] 19092, {@code controllerPort}
 *       [PAYSTREAM_KAFKA_CONTROLLER_PORT] 19093
 *   <li>{@code postgresHost} [PAYSTREAM_POSTGRES_HOST] 127.0.0.1, {@code postgresPort}
 *       [PAYSTREAM_POSTGRES_PORT] 5432, {@code postgresUser} [PAYSTREAM_POSTGRES_USER] postgres,
 *       {@code postgresPassword} [PAYSTREAM_POSTGRES_PASSWORD] empty (trust), {@code database}
 *       [PAYSTREAM_POSTGRES_DB] paystream
 *   <li>{@code redisHost} [PAYSTREAM_REDIS_HOST] 127.0.0.1, {@code redisPort}
 *       [PAYSTREAM_REDIS_PORT] 6379
 *   <li>{@code smtpPort} [PAYSTREAM_SMTP_PORT] 3025, {@code mailApiPort} [PAYSTREAM_MAIL_API_PORT]
 *       8087, {@code smsPort} [PAYSTREAM_SMS_PORT] 8089
 *   <li>{@code smsAccountSid} [PAYSTREAM_SMS_ACCOUNT_SID] AC000..., {@code smsAuthToken}
 *       [PAYSTREAM_SMS_AUTH_TOKEN] dev-sms-auth-token, {@code smsFrom} [PAYSTREAM_SMS_FROM]
 *       +15005550006
 *   <li>{@code startTimeout} [PAYSTREAM_START_TIMEOUT_SECONDS] 240 s: how long {@code up} waits for
 *       everything to be healthy
 *   <li>{@code serviceHeap} [PAYSTREAM_SERVICE_HEAP] 384m: {@code -Xmx} of each service JVM
 *   <li>{@code serviceJvmOptions} [PAYSTREAM_JAVA_OPTS] {@code -XX:TieredStopAtLevel=1}: further
 *       options of each service JVM, split on spaces (C1 only by default: eight JVMs that each run
 *       C2 on two cores spend minutes compiling; docs/performance.md)
 *   <li>{@code aotCache} [PAYSTREAM_AOT_CACHE] {@code true}: start services from their extracted
 *       jar with a JDK AOT cache trained on the first {@code up} (JDK 25+; {@link AotCache})
 *   <li>{@code kafkaBrokers} [PAYSTREAM_KAFKA_BROKERS] 1: KRaft nodes (broker + controller each), 1
 *       to {@value KafkaBroker#MAX_NODES}; node {@code n} listens on {@code kafkaPort + 2(n-1)} and
 *       {@code controllerPort + 2(n-1)}; 3 nodes give replication factor 3 and {@code
 *       min.insync.replicas} 2 ({@code make up BROKERS=3})
 *   <li>{@code postgresServicePort} [PAYSTREAM_POSTGRES_SERVICE_PORT], {@code redisServicePort}
 *       [PAYSTREAM_REDIS_SERVICE_PORT]: the ports the <em>services</em> are given for PostgreSQL
 *       and Redis; default the ports above. {@code make chaos} sets them to a latency proxy in
 *       front of its own PostgreSQL and Redis (docs/reliability.md)
 * </ul>
 *
 * @param root the repository root (service jars are {@code <root>/<module>/target/*.jar})
 * @param runDir the run directory ({@code <root>/.run}): logs, PID files, data
 * @param classpath the class path child JVMs (broker, sandbox) run with
 */
public record StackConfig(
    Path root,
    Path runDir,
    String classpath,
    String host,
    int kafkaPort,
    int controllerPort,
    String postgresHost,
    int postgresPort,
    String postgresUser,
    String postgresPassword,
    String database,
    String redisHost,
    int redisPort,
    int smtpPort,
    int mailApiPort,
    int smsPort,
    String smsAccountSid,
    String smsAuthToken,
    String smsFrom,
    Duration startTimeout,
    String serviceHeap,
    List<String> serviceJvmOptions,
    boolean aotCache,
    int kafkaBrokers,
    int postgresServicePort,
    int redisServicePort) {

  /** The dev stack's Twilio-style account SID (docs/api.md). */
  public static final String DEFAULT_SMS_ACCOUNT_SID = "AC00000000000000000000000000000000";

  /** Service JVM options when {@code PAYSTREAM_JAVA_OPTS} is not set. */
  public static final String DEFAULT_SERVICE_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

  public StackConfig {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(runDir, "runDir");
    Objects.requireNonNull(classpath, "classpath");
    serviceJvmOptions = List.copyOf(serviceJvmOptions);
    if (kafkaBrokers < 1 || kafkaBrokers > KafkaBroker.MAX_NODES) {
      throw new IllegalArgumentException(
          "PAYSTREAM_KAFKA_BROKERS must be 1 to "
              + KafkaBroker.MAX_NODES
              + ", was "
              + kafkaBrokers);
    }
  }

  /** One broker, the services use PostgreSQL and Redis at their own ports. */
  public StackConfig(
      Path root,
      Path runDir,
      String classpath,
      String host,
      int kafkaPort,
      int controllerPort,
      String postgresHost,
      int postgresPort,
      String postgresUser,
      String postgresPassword,
      String database,
      String redisHost,
      int redisPort,
      int smtpPort,
      int mailApiPort,
      int smsPort,
      String smsAccountSid,
      String smsAuthToken,
      String smsFrom,
      Duration startTimeout,
      String serviceHeap,
      List<String> serviceJvmOptions,
      boolean aotCache) {
    this(
        root,
        runDir,
        classpath,
        host,
        kafkaPort,
        controllerPort,
        postgresHost,
        postgresPort,
        postgresUser,
        postgresPassword,
        database,
        redisHost,
        redisPort,
        smtpPort,
        mailApiPort,
        smsPort,
        smsAccountSid,
        smsAuthToken,
        smsFrom,
        startTimeout,
        serviceHeap,
        serviceJvmOptions,
        aotCache,
        1,
        postgresPort,
        redisPort);
  }

  /** The configuration from {@code env} (usually {@link System#getenv()}) and defaults. */
  public static StackConfig fromEnvironment(Map<String, String> env, Path root, String classpath) {
    Path runDir = Path.of(value(env, "PAYSTREAM_RUN_DIR", root.resolve(".run").toString()));
    int postgresPort = port(env, "PAYSTREAM_POSTGRES_PORT", 5432);
    int redisPort = port(env, "PAYSTREAM_REDIS_PORT", 6379);
    return new StackConfig(
        root,
        runDir.toAbsolutePath(),
        classpath,
        value(env, "PAYSTREAM_HOST", "127.0.0.1"),
        port(env, "PAYSTREAM_KAFKA_PORT", 19092),
        port(env, "PAYSTREAM_KAFKA_CONTROLLER_PORT", 19093),
        value(env, "PAYSTREAM_POSTGRES_HOST", "127.0.0.1"),
        postgresPort,
        value(env, "PAYSTREAM_POSTGRES_USER", "postgres"),
        env.getOrDefault("PAYSTREAM_POSTGRES_PASSWORD", ""),
        value(env, "PAYSTREAM_POSTGRES_DB", "paystream"),
        value(env, "PAYSTREAM_REDIS_HOST", "127.0.0.1"),
        redisPort,
        port(env, "PAYSTREAM_SMTP_PORT", 3025),
        port(env, "PAYSTREAM_MAIL_API_PORT", 8087),
        port(env, "PAYSTREAM_SMS_PORT", 8089),
        value(env, "PAYSTREAM_SMS_ACCOUNT_SID", DEFAULT_SMS_ACCOUNT_SID),
        value(env, "PAYSTREAM_SMS_AUTH_TOKEN", "dev-sms-auth-token"),
        value(env, "PAYSTREAM_SMS_FROM", "+15005550006"),
        Duration.ofSeconds(port(env, "PAYSTREAM_START_TIMEOUT_SECONDS", 240)),
        value(env, "PAYSTREAM_SERVICE_HEAP", "384m"),
        Arrays.stream(value(env, "PAYSTREAM_JAVA_OPTS", DEFAULT_SERVICE_JVM_OPTIONS).split("\\s+"))
            .filter(o -> !o.isBlank())
            .toList(),
        Boolean.parseBoolean(value(env, "PAYSTREAM_AOT_CACHE", "true")),
        port(env, "PAYSTREAM_KAFKA_BROKERS", 1),
        port(env, "PAYSTREAM_POSTGRES_SERVICE_PORT", postgresPort),
        port(env, "PAYSTREAM_REDIS_SERVICE_PORT", redisPort));
  }

  /** Kafka {@code bootstrap.servers} of the dev stack: every node's broker listener. */
  public String kafkaBootstrap() {
    StringBuilder sb = new StringBuilder();
    for (int node = 1; node <= kafkaBrokers; node++) {
      sb.append(node > 1 ? "," : "").append(host).append(':').append(kafkaPort(node));
    }
    return sb.toString();
  }

  /** Broker port of KRaft node {@code node} (1-based): {@code kafkaPort + 2(node-1)}. */
  public int kafkaPort(int node) {
    return kafkaPort + 2 * (node - 1);
  }

  /** Controller port of KRaft node {@code node} (1-based): {@code controllerPort + 2(node-1)}. */
  public int controllerPort(int node) {
    return controllerPort + 2 * (node - 1);
  }

  /** JDBC URL of the {@code paystream} database as the services reach it. */
  public String serviceJdbcUrl() {
    return "jdbc:postgresql://" + postgresHost + ":" + postgresServicePort + "/" + database;
  }

  /** R2DBC URL of the {@code paystream} database as the services reach it. */
  public String serviceR2dbcUrl() {
    return "r2dbc:postgresql://" + postgresHost + ":" + postgresServicePort + "/" + database;
  }

  /** JDBC URL of the {@code paystream} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
  }

  /** R2DBC URL of the {@code paystream} database. */
  public String r2dbcUrl() {
    return "r2dbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
  }

  /** Base URL of the SMS provider sandbox (Twilio-compatible). */
  public String smsBaseUrl() {
    return "http://" + host + ":" + smsPort;
  }

  /** Base URL of the SMTP sandbox's HTTP read-back API. */
  public String mailApiBaseUrl() {
    return "http://" + host + ":" + mailApiPort;
  }

  /** {@code <runDir>/logs/<name>.log}. */
  public Path logFile(String name) {
    return runDir.resolve("logs").resolve(name + ".log");
  }

  /** {@code <runDir>/pids/<name>.pid}. */
  public Path pidFile(String name) {
    return runDir.resolve("pids").resolve(name + ".pid");
  }

  private static String value(Map<String, String> env, String name, String defaultValue) {
    String v = env.get(name);
    return v == null || v.isBlank() ? defaultValue : v.trim();
  }

  private static int port(Map<String, String> env, String name, int defaultValue) {
    String v = value(env, name, Integer.toString(defaultValue));
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + v + "'", e);
    }
  }
}
