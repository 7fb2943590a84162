package io.paystream.simulator;

import picocli.CommandLine.Option;

/**
 * How a command of this module reaches the dev fleet: the gateway and auth-server, the admin and
 * terminal client credentials, and the database and broker its checks read. One picocli mixin for
 * the replay ({@link PosSimulator}) and the benchmark ({@code FleetBench}); every default is the
 * dev stack's (docs/services/devstack.md) and can come from the environment.
 */
public final class FleetConnectionOptions {

  @Option(
      names = "--gateway",
      defaultValue = "http://127.0.0.1:8080",
      description = "Gateway base URL (default: ${DEFAULT-VALUE}).")
  private String gateway;

  @Option(
      names = "--auth",
      defaultValue = "http://127.0.0.1:9000",
      description = "auth-server base URL (default: ${DEFAULT-VALUE}).")
  private String auth;

  @Option(
      names = "--admin-client-id",
      defaultValue = "${env:PAYSTREAM_ADMIN_CLIENT_ID:-paystream-admin}",
      description = "Admin client (scope admin) for registration.")
  private String adminClientId;

  @Option(
      names = "--admin-client-secret",
      defaultValue = "${env:PAYSTREAM_ADMIN_CLIENT_SECRET:-dev-admin-secret}",
      description = "Admin client secret.")
  private String adminClientSecret;

  @Option(
      names = "--terminal-secret-seed",
      defaultValue = "${env:PAYSTREAM_TERMINAL_SECRET_SEED:-paystream-dev-terminals}",
      description = "Seed the terminal client secrets derive from.")
  private String terminalSecretSeed;

  @Option(
      names = "--jdbc-url",
      defaultValue = "${env:PAYSTREAM_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/paystream}",
      description = "Fleet database for the checks (default: ${DEFAULT-VALUE}).")
  private String jdbcUrl;

  @Option(names = "--db-user", defaultValue = "${env:PAYSTREAM_DB_USER:-postgres}")
  private String dbUser;

  @Option(names = "--db-password", defaultValue = "${env:PAYSTREAM_DB_PASSWORD:-}")
  private String dbPassword;

  @Option(
      names = "--kafka-bootstrap",
      defaultValue = "${env:PAYSTREAM_KAFKA_BOOTSTRAP:-127.0.0.1:19092}",
      description = "Kafka for the lag and topic checks (default: ${DEFAULT-VALUE}).")
  private String kafkaBootstrap;

  /** The gateway's base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String gateway() {
    return gateway;
  }

  /** auth-server's base URL. */
  public String auth() {
    return auth;
  }

  /** The admin client's id. */
  public String adminClientId() {
    return adminClientId;
  }

  /** The admin client's secret. */
  public String adminClientSecret() {
    return adminClientSecret;
  }

  /** The seed terminal client secrets are derived from. */
  public String terminalSecretSeed() {
    return terminalSecretSeed;
  }

  /** JDBC URL of the fleet's database. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Database user. */
  public String dbUser() {
    return dbUser;
  }

  /** Database password (empty: trust). */
  public String dbPassword() {
    return dbPassword;
  }

  /** Kafka {@code bootstrap.servers}. */
  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }
}
