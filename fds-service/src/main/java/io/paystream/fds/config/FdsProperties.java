package io.paystream.fds.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * fds-service settings besides the rule thresholds.
 *
 * @param verification step-up verification bookkeeping (the outbox is the platform's: {@code
 *     paystream.outbox.*})
 * @param processedEvents how long consumed event ids are kept for de-duplication
 */
@Validated
@ConfigurationProperties("fds")
public record FdsProperties(
    @DefaultValue @NotNull Verification verification,
    @DefaultValue @NotNull ProcessedEvents processedEvents) {

  /**
   * @param timeout how long a payment may stay {@code PENDING_VERIFICATION} before the sweeper
   *     settles it as {@code EXPIRED} (default 10 min)
   * @param sweepInterval how often the sweeper looks (default 30 s)
   */
  public record Verification(
      @DefaultValue("10m") @NotNull Duration timeout,
      @DefaultValue("30s") @NotNull Duration sweepInterval) {}

  /**
   * Purging of {@code ledger.processed_events} ({@code ProcessedEventsPurge}).
   *
   * <p>Why 30 days: an entry only has to outlive every way the same {@code ce_id} can be delivered
   * again. A crash or rebalance before the offset commit redelivers one poll batch (seconds); the
   * outbox relay re-sends a row whose delete did not commit on its next pass (seconds); a consumer
   * group whose committed offsets expired ({@code offsets.retention.minutes}, 7 days by default)
   * starts again from the oldest record the topic still holds ({@code retention.ms}, 7 days by
   * default; the dev broker keeps 24 h); a dead letter replayed by the runbook is at most as old as
   * the dead-letter topic's retention (7 days by default). 30 days is four times the longest of
   * these. A retention shorter than the topics' {@code retention.ms} lets a re-read apply an event
   * twice where the ledger does not guard it itself (payment ids are the primary key of {@code
   * transactions}, and a verification result only settles a payment still pending, so both stay
   * harmless; {@code processed_events} is the first guard, not the only one).
   *
   * @param retention entries older than this are deleted; default 30 days; at least 1 day
   * @param purgeInterval how often the purge runs; default 1 h
   * @param batchSize rows per {@code DELETE} statement (bounds lock time and WAL per statement);
   *     default 10 000
   */
  public record ProcessedEvents(
      @DefaultValue("30d") @NotNull Duration retention,
      @DefaultValue("1h") @NotNull Duration purgeInterval,
      @DefaultValue("10000") @Min(1) int batchSize) {

    public ProcessedEvents {
      if (retention != null && retention.compareTo(Duration.ofDays(1)) < 0) {
        throw new IllegalArgumentException(
            "fds.processed-events.retention must be at least 1 day (redelivery windows): "
                + retention);
      }
    }
  }
}
