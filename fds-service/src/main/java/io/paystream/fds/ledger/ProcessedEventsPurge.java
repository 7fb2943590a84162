package io.paystream.fds.ledger;

import io.paystream.fds.config.FdsProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code ledger.processed_events} (one row per consumed {@code ce_id}, written in the same
 * transaction as the effect) from growing without bound: deletes the entries older than {@code
 * fds.processed-events.retention} (30 days; why that is safely longer than any redelivery window is
 * in {@link FdsProperties.ProcessedEvents}).
 *
 * <p>Each batch is one {@code DELETE} of at most {@code batch-size} rows, oldest first, picked with
 * {@code FOR UPDATE SKIP LOCKED}: replicas purging at the same time never wait on or delete the
 * same row, and a consumer's insert is never blocked for longer than one batch. The cutoff is the
 * database's {@code now()}, so no replica's clock is involved.
 */
@Component
public class ProcessedEventsPurge {

  private static final Logger log = LoggerFactory.getLogger(ProcessedEventsPurge.class);

  private static final String DELETE_BATCH =
      "DELETE FROM ledger.processed_events WHERE event_id IN ("
          + " SELECT event_id FROM ledger.processed_events"
          + " WHERE processed_at < now() - make_interval(secs => $1)"
          + " ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED)";

  private final DatabaseClient db;
  private final FdsProperties.ProcessedEvents settings;

  public ProcessedEventsPurge(DatabaseClient db, FdsProperties properties) {
    this.db = db;
    this.settings = properties.processedEvents();
  }

  /**
   * Deletes every entry older than {@code retention}, batch by batch.
   *
   * @param retention entries recorded longer ago than this are deleted
   * @return the number of rows deleted
   */
  public Mono<Long> purgeOlderThan(Duration retention) {
    double seconds = retention.toMillis() / 1000.0;
    Mono<Long> batch =
        db.sql(DELETE_BATCH).bind(0, seconds).bind(1, settings.batchSize()).fetch().rowsUpdated();
    return batch
        .expand(deleted -> deleted >= settings.batchSize() ? batch : Mono.empty())
        .reduce(0L, Long::sum);
  }

  /** One purge on the configured interval; a failure is logged and the next run retries. */
  @Scheduled(
      initialDelayString = "${fds.processed-events.purge-interval:1h}",
      fixedDelayString = "${fds.processed-events.purge-interval:1h}")
  public void scheduledPurge() {
    try {
      Long deleted = purgeOlderThan(settings.retention()).block(Duration.ofMinutes(10));
      if (deleted != null && deleted > 0) {
        log.info("purged {} processed event ids older than {}", deleted, settings.retention());
      }
    } catch (RuntimeException e) {
      log.warn("purging processed event ids failed, the next run retries: {}", e.toString());
    }
  }
}
