package io.paystream.platform.outbox;

/** The shared outbox table shape, as the services' Flyway migrations create it. */
final class OutboxTables {

  private OutboxTables() {}

  /** {@code CREATE TABLE} + index for {@code table} ({@code schema.name}). */
  static String ddl(String table) {
    String index = table.replace('.', '_') + "_key_id";
    return "CREATE TABLE "
        + table
        + " (id bigserial PRIMARY KEY, event_id text NOT NULL UNIQUE, topic text NOT NULL,"
        + " message_key text NOT NULL, headers jsonb NOT NULL, payload bytea NOT NULL,"
        + " created_at timestamptz NOT NULL DEFAULT clock_timestamp());"
        + " CREATE INDEX "
        + index
        + " ON "
        + table
        + " (message_key, id)";
  }
}
