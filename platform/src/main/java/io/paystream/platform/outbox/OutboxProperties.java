package io.paystream.platform.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The transactional outbox: {@link OutboxWriter} and {@link OutboxRelay}. Setting {@code
 * paystream.outbox.table} switches both on (with R2DBC PostgreSQL and Kafka on the classpath).
 *
 * @param table the service's outbox table, {@code schema.table} or {@code table} (e.g. {@code
 *     ledger.outbox}); its shape is in {@code docs/services/platform.md} §8
 * @param relayEnabled run the relay in this process; default true ({@code false} isolates a
 *     replica: it still writes rows, others publish them)
 * @param channel the PostgreSQL {@code LISTEN}/{@code NOTIFY} channel; default: the table name with
 *     {@code .} replaced by {@code _} (e.g. {@code ledger_outbox})
 * @param batchSize rows one relay pass claims ({@code FOR UPDATE SKIP LOCKED}); default 500
 * @param fallbackPoll a pass runs at least this often even when no notification arrives (a lost
 *     {@code NOTIFY}, a pooler dropping {@code LISTEN}); default 2 s
 * @param statementTimeout bound of each relay statement, server-side ({@code SET LOCAL
 *     statement_timeout}) and client-side, and of the writer's insert; default 5 s
 * @param sendTimeout how long the relay waits for the broker's acknowledgement ({@code acks=all})
 *     of one wave of records; a record not acknowledged by then stays in the table and is sent
 *     again; default 10 s
 * @param initialBackoff wait after a failed pass before the next; default 200 ms
 * @param maxBackoff cap of the doubling wait between failed passes; default 10 s
 * @param metricPrefix prefix of the relay's meters: {@code <prefix>.lag} (gauge, seconds), {@code
 *     <prefix>.publish.delay} (timer), {@code <prefix>.published} and {@code <prefix>.failures}
 *     (counters); default {@code paystream.outbox} (fds-service keeps {@code fds.outbox}, which its
 *     dashboard and runbook read)
 */
@Validated
@ConfigurationProperties("paystream.outbox")
public record OutboxProperties(
    @NotBlank @Pattern(regexp = OutboxProperties.TABLE_PATTERN) String table,
    @DefaultValue("true") boolean relayEnabled,
    @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") String channel,
    @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
    @DefaultValue("2s") @NotNull Duration fallbackPoll,
    @DefaultValue("5s") @NotNull Duration statementTimeout,
    @DefaultValue("10s") @NotNull Duration sendTimeout,
    @DefaultValue("200ms") @NotNull Duration initialBackoff,
    @DefaultValue("10s") @NotNull Duration maxBackoff,
    @DefaultValue("paystream.outbox") @NotBlank String metricPrefix) {

  /** A plain, unquoted {@code [schema.]table} name (it is put into SQL text). */
  public static final String TABLE_PATTERN = "([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*";

  /** Compact constructor: derives the channel from the table when it is not set. */
  public OutboxProperties {
    if ((channel == null || channel.isBlank()) && table != null) {
      channel = table.replace('.', '_');
    }
  }

  /**
   * Settings for {@code table} with every other value at its default (tests, a second table).
   *
   * @throws IllegalArgumentException if {@code table} is not a plain {@code [schema.]table} name
   */
  public static OutboxProperties forTable(String table) {
    if (table == null || !table.matches(TABLE_PATTERN)) {
      throw new IllegalArgumentException("not a plain [schema.]table name: " + table);
    }
    return new OutboxProperties(
        table,
        true,
        null,
        500,
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofMillis(200),
        Duration.ofSeconds(10),
        "paystream.outbox");
  }

  /** A copy with another fallback poll interval. */
  public OutboxProperties withFallbackPoll(Duration interval) {
    return new OutboxProperties(
        table,
        relayEnabled,
        channel,
        batchSize,
        interval,
        statementTimeout,
        sendTimeout,
        initialBackoff,
        maxBackoff,
        metricPrefix);
  }

  /** A copy with another batch size. */
  public OutboxProperties withBatchSize(int rows) {
    return new OutboxProperties(
        table,
        relayEnabled,
        channel,
        rows,
        fallbackPoll,
        statementTimeout,
        sendTimeout,
        initialBackoff,
        maxBackoff,
        metricPrefix);
  }

  /** A copy with another metric prefix. */
  public OutboxProperties withMetricPrefix(String prefix) {
    return new OutboxProperties(
        table,
        relayEnabled,
        channel,
        batchSize,
        fallbackPoll,
        statementTimeout,
        sendTimeout,
        initialBackoff,
        maxBackoff,
        prefix);
  }
}
