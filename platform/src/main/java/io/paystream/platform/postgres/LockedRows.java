package io.paystream.platform.postgres;

import reactor.core.publisher.Flux;

/**
 * Reads a batch of locked rows to the end before anything else runs on its connection.
 *
 * <p>For the sweeper pattern: {@code SELECT … LIMIT n FOR UPDATE SKIP LOCKED}, then statements per
 * row, all in one R2DBC transaction. r2dbc-postgresql runs one statement at a time per connection,
 * and a row consumer such as {@code concatMap} asks its source for only part of the rows (32)
 * before its first inner statement. When the driver has not yet received the whole answer of the
 * {@code SELECT} at that point, the per-row statement waits for the {@code SELECT} to finish, which
 * waits for demand, which waits for the statement. Seen in verification-api's expiry sweeper (batch
 * 100) with 40 due challenges: the transaction stayed "idle in transaction" after its {@code
 * SELECT} (so no statement timeout ended it), kept its 40 row locks, and every later sweep skipped
 * those rows, so no challenge expired again. Whether it happens depends on how the answer arrives
 * over the socket, which is why a short test does not always show it. Reading the rows fully first
 * removes the cycle; the batch is bounded by the query's {@code LIMIT}, so holding it is cheap.
 */
public final class LockedRows {

  private LockedRows() {}

  /**
   * The same rows, emitted only after the query has delivered all of them.
   *
   * @param rows a query's rows (typically {@code DatabaseClient.sql(...).map(...).all()})
   * @return the rows in their order, after the last one has been read
   */
  public static <T> Flux<T> readFully(Flux<T> rows) {
    return rows.collectList().flatMapMany(Flux::fromIterable);
  }
}
