package io.paystream.devstack.test;

import io.paystream.contracts.Topic;
import io.paystream.contracts.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One test class's slice of real infrastructure: a Kafka broker with every registry topic and
 * dead-letter topic, its own PostgreSQL database, and its own flushed Redis logical database.
 * Created by {@link RealInfraExtension} (or the Spring context customizer) and closed after the
 * class.
 */
public final class Infra implements AutoCloseable {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final String testName;
  private final EmbeddedKafkaKraftBroker embeddedKafka;
  private final String kafkaBootstrapServers;
  private final String database;
  private final int redisDatabase;

  private Infra(
      String testName,
      EmbeddedKafkaKraftBroker embeddedKafka,
      String kafkaBootstrapServers,
      String database,
      int redisDatabase) {
    this.testName = testName;
    this.embeddedKafka = embeddedKafka;
    this.kafkaBootstrapServers = kafkaBootstrapServers;
    this.database = database;
    this.redisDatabase = redisDatabase;
  }

  /**
   * Starts (or cleans) the broker, creates the database and picks a Redis database for a test.
   *
   * @throws IllegalStateException if PostgreSQL or Redis does not answer at the configured address,
   *     naming it and how to start it
   */
  static Infra start(Class<?> testClass) {
    String name = testClass.getSimpleName();
    String database = createDatabase(name);
    int redisDb = RedisDatabases.claim();
    EmbeddedKafkaKraftBroker embedded = null;
    String bootstrap = InfraSettings.externalKafka();
    if (bootstrap.isEmpty()) {
      embedded = new EmbeddedKafkaKraftBroker(1, 1);
      embedded.brokerProperties(
          Map.of(
              "group.initial.rebalance.delay.ms", "0",
              "auto.create.topics.enable", "true",
              "offsets.topic.num.partitions", "5",
              "transaction.state.log.replication.factor", "1",
              "transaction.state.log.min.isr", "1"));
      embedded.afterPropertiesSet();
      bootstrap = embedded.getBrokersAsString();
    }
    Infra infra = new Infra(name, embedded, bootstrap, database, redisDb);
    infra.recreateTopics();
    return infra;
  }

  /** Kafka {@code bootstrap.servers}. */
  public String kafkaBootstrapServers() {
    return kafkaBootstrapServers;
  }

  /** The test class's own PostgreSQL database name. */
  public String database() {
    return database;
  }

  /** JDBC URL of the test's database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://"
        + InfraSettings.postgresHost()
        + ":"
        + InfraSettings.postgresPort()
        + "/"
        + database;
  }

  /** R2DBC URL of the test's database. */
  public String r2dbcUrl() {
    return "r2dbc:postgresql://"
        + InfraSettings.postgresHost()
        + ":"
        + InfraSettings.postgresPort()
        + "/"
        + database;
  }

  /** PostgreSQL user. */
  public String dbUser() {
    return InfraSettings.postgresUser();
  }

  /** PostgreSQL password (may be empty: trust authentication). */
  public String dbPassword() {
    return InfraSettings.postgresPassword();
  }

  /** Redis host. */
  public String redisHost() {
    return InfraSettings.redisHost();
  }

  /** Redis port. */
  public int redisPort() {
    return InfraSettings.redisPort();
  }

  /** The test class's own Redis logical database index (1..15), flushed at start. */
  public int redisDatabase() {
    return redisDatabase;
  }

  /** A Redis URI for the test's logical database, e.g. {@code redis://127.0.0.1:6379/3}. */
  public String redisUri() {
    return "redis://" + redisHost() + ":" + redisPort() + "/" + redisDatabase;
  }

  /** Opens a JDBC connection to the test's database (for assertions on what a service wrote). */
  public Connection openJdbc() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), dbUser(), dbPassword());
  }

  /**
   * The first column of the first row of {@code sql} on the test's database, as a long (e.g. a
   * {@code count(*)}).
   *
   * @throws SQLException if the query fails or returns no row
   */
  public long queryLong(String sql) throws SQLException {
    try (Connection c = openJdbc();
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("no row: " + sql);
      }
      return rs.getLong(1);
    }
  }

  /**
   * Records written to {@code topic} so far: the sum of its partitions' end offsets (what a
   * dead-letter topic holds, in a test).
   */
  public long endOffsets(String topic) throws Exception {
    try (Admin admin = Admin.create(kafkaClientProperties())) {
      int partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
          latest = new LinkedHashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(
            new org.apache.kafka.common.TopicPartition(topic, p),
            org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      return admin
          .listOffsets(latest)
          .all()
          .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .values()
          .stream()
          .mapToLong(r -> r.offset())
          .sum();
    }
  }

  /** The sum of consumer group {@code group}'s committed offsets on {@code topic} (0 for none). */
  public long committedOffsets(String group, String topic) throws Exception {
    try (Admin admin = Admin.create(kafkaClientProperties())) {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }

  /** Kafka admin/producer/consumer base properties pointing at the test's broker. */
  public Properties kafkaClientProperties() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers);
    return properties;
  }

  /**
   * The Spring Boot properties that point a service at this infrastructure; put ahead of {@code
   * application.yml} in Spring tests.
   */
  public Map<String, Object> springProperties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
    p.put("spring.r2dbc.url", r2dbcUrl());
    p.put("spring.r2dbc.username", dbUser());
    p.put("spring.r2dbc.password", dbPassword());
    p.put("spring.datasource.url", jdbcUrl());
    p.put("spring.datasource.username", dbUser());
    p.put("spring.datasource.password", dbPassword());
    p.put("spring.flyway.url", jdbcUrl());
    p.put("spring.flyway.user", dbUser());
    p.put("spring.flyway.password", dbPassword());
    p.put("spring.data.redis.host", redisHost());
    p.put("spring.data.redis.port", redisPort());
    p.put("spring.data.redis.database", redisDatabase);
    return p;
  }

  /** Deletes (external broker) and creates every registry topic and every subscription's DLT. */
  private void recreateTopics() {
    List<NewTopic> topics = new ArrayList<>();
    for (Topic<?> topic : Topics.ALL) {
      topics.add(new NewTopic(topic.name(), topic.devPartitions(), (short) 1));
    }
    for (Topics.Subscription s : Topics.SUBSCRIPTIONS) {
      topics.add(new NewTopic(s.deadLetterTopic(), s.topic().devPartitions(), (short) 1));
    }
    try (Admin admin = Admin.create(kafkaClientProperties())) {
      if (embeddedKafka == null) {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> ours = existing.stream().filter(n -> !n.startsWith("__")).toList();
        if (!ours.isEmpty()) {
          admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
          awaitDeleted(admin, ours);
        }
      }
      admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create topics on Kafka at " + kafkaBootstrapServers + ": " + e.getMessage(), e);
    }
  }

  private static void awaitDeleted(Admin admin, List<String> names)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Set<String> left = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      if (names.stream().noneMatch(left::contains)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new TimeoutException("topics not deleted in time: " + names);
  }

  private static String createDatabase(String testName) {
    String name =
        ("it_"
                + testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_")
                + "_"
                + UUID.randomUUID().toString().substring(0, 8))
            .replaceAll("_+", "_");
    if (name.length() > 60) {
      name = name.substring(0, 51) + name.substring(name.length() - 9);
    }
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL does not answer at "
              + InfraSettings.postgresHost()
              + ":"
              + InfraSettings.postgresPort()
              + " as user "
              + InfraSettings.postgresUser()
              + " ("
              + e.getMessage()
              + "). Start it with `make infra-up` (or set paystream.it.postgres.*).",
          e);
    }
    return name;
  }

  private static Connection adminConnection() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://"
            + InfraSettings.postgresHost()
            + ":"
            + InfraSettings.postgresPort()
            + "/postgres",
        InfraSettings.postgresUser(),
        InfraSettings.postgresPassword());
  }

  @Override
  public void close() {
    if (embeddedKafka != null) {
      embeddedKafka.destroy();
    }
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      // a leftover it_* database is harmless; say so and go on
      System.err.println("could not drop test database " + database + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Infra["
        + testName
        + ": kafka="
        + kafkaBootstrapServers
        + ", db="
        + database
        + ", redis db="
        + redisDatabase
        + "]";
  }
}
