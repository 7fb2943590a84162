package io.paystream.simulator.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the fleet checks look (defaults: the dev stack of {@code make run}).
 *
 * @param jdbcUrl PostgreSQL JDBC URL of the fleet's database ({@code
 *     jdbc:postgresql://127.0.0.1:5432/paystream})
 * @param dbUser database user ({@code postgres})
 * @param dbPassword database password (empty for the dev stack's trust auth)
 * @param kafkaBootstrap Kafka bootstrap servers ({@code 127.0.0.1:19092})
 * @param logsDir directory whose {@code *.log} files (recursively) are the service logs ({@code
 *     .run/logs})
 * @param lagSettle how long the lag check waits for every group to reach zero lag (60 s)
 * @param scanBudget time allowed for the card-number scan of logs, topics and tables together; a
 *     scan cut short fails the check (300 s)
 * @param schemas the schemas whose tables are scanned for card numbers
 */
public record FleetSettings(
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    String kafkaBootstrap,
    Path logsDir,
    Duration lagSettle,
    Duration scanBudget,
    List<String> schemas) {

  /** The service schemas of the fleet (ARCHITECTURE.md §2). */
  public static final List<String> SERVICE_SCHEMAS =
      List.of("registry", "ledger", "loyalty", "benefit", "verification", "notification", "auth");

  public FleetSettings {
    schemas = List.copyOf(schemas);
  }
}
