package io.paystream.auth.authorization;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Deletes rows of Spring Authorization Server's {@code oauth2_authorization} table (one row per
 * issued token) whose access token expired more than {@code retention} ago and whose refresh token,
 * if any, too. {@code client_credentials} clients fetch a token every few minutes, so without this
 * the table grows without bound.
 *
 * <p>Safe with several replicas running it at once: the cutoff is the database's {@code now()} (no
 * replica clock involved), and each batch is one {@code DELETE} of at most {@code batchSize} rows
 * picked with {@code FOR UPDATE SKIP LOCKED}, so two replicas never wait on or delete the same row.
 * A row is deleted once; a concurrent run simply finds fewer rows.
 */
public class ExpiredAuthorizationPurger {

  private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizationPurger.class);

  // Unqualified: the connection's search_path is the auth schema (spring.datasource.hikari.schema).
  private static final String DELETE_BATCH =
      """
      DELETE FROM oauth2_authorization WHERE id IN (
        SELECT id FROM oauth2_authorization
         WHERE access_token_expires_at < now() - make_interval(secs => ?)
           AND (refresh_token_expires_at IS NULL
                OR refresh_token_expires_at < now() - make_interval(secs => ?))
         LIMIT ?
         FOR UPDATE SKIP LOCKED)
      """;

  private final JdbcOperations jdbc;
  private final Duration retention;
  private final int batchSize;

  /**
   * @param retention how long after expiry a row is kept (for audits of recent tokens); not
   *     negative
   * @param batchSize rows deleted per statement (bounds lock time and WAL per statement); at least
   *     1
   * @throws IllegalArgumentException on a negative retention or a batch size below 1
   */
  public ExpiredAuthorizationPurger(JdbcOperations jdbc, Duration retention, int batchSize) {
    if (retention.isNegative() || batchSize < 1) {
      throw new IllegalArgumentException(
          "retention must not be negative and batch-size at least 1: "
              + retention
              + ", "
              + batchSize);
    }
    this.jdbc = jdbc;
    this.retention = retention;
    this.batchSize = batchSize;
  }

  /**
   * Deletes every expired row older than the retention, batch by batch.
   *
   * @return the number of rows this call deleted
   */
  public long purge() {
    double seconds = retention.toMillis() / 1000.0;
    long total = 0;
    int deleted;
    do {
      deleted = jdbc.update(DELETE_BATCH, seconds, seconds, batchSize);
      total += deleted;
    } while (deleted == batchSize);
    if (total > 0) {
      log.info("purged {} authorizations expired more than {} ago", total, retention);
    }
    return total;
  }

  /**
   * {@link #purge()} for the scheduler: a failure (database away) is logged, the next run retries.
   */
  void purgeQuietly() {
    try {
      purge();
    } catch (RuntimeException e) {
      log.warn("purging expired authorizations failed, next run retries: {}", e.toString());
    }
  }
}
