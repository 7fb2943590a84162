package io.paystream.payment.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Multi-row {@code INSERT ... ON CONFLICT DO UPDATE} in chunks, so a bulk import of thousands of
 * rows costs a handful of round trips. Rows must have distinct keys within one call.
 */
final class BulkUpsert {

  /** Rows per statement: 500 rows × ≤ 10 columns stays far below PostgreSQL's 65,535 binds. */
  static final int CHUNK = 500;

  private BulkUpsert() {}

  /**
   * Upserts {@code rows} and emits the number written.
   *
   * @param insertPrefix {@code INSERT INTO t (c1, ..., cN) VALUES }
   * @param conflictClause {@code ON CONFLICT (...) DO UPDATE SET ...}
   * @param columns column values of a row, in the prefix's order; a value may be a {@link NullOf}
   *     for SQL NULL
   */
  static <T> Mono<Long> upsert(
      DatabaseClient db,
      List<T> rows,
      String insertPrefix,
      String conflictClause,
      Function<T, Object[]> columns) {
    if (rows.isEmpty()) {
      return Mono.just(0L);
    }
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += CHUNK) {
      chunks.add(rows.subList(i, Math.min(rows.size(), i + CHUNK)));
    }
    return Flux.fromIterable(chunks)
        .concatMap(chunk -> chunk(db, chunk, insertPrefix, conflictClause, columns))
        .reduce(0L, Long::sum);
  }

  private static <T> Mono<Long> chunk(
      DatabaseClient db,
      List<T> chunk,
      String insertPrefix,
      String conflictClause,
      Function<T, Object[]> columns) {
    List<Object[]> values = chunk.stream().map(columns).toList();
    int width = values.get(0).length;
    StringBuilder sql = new StringBuilder(insertPrefix);
    int index = 1;
    for (int r = 0; r < values.size(); r++) {
      sql.append(r == 0 ? "(" : ",(");
      for (int c = 0; c < width; c++) {
        sql.append(c == 0 ? "$" : ",$").append(index++);
      }
      sql.append(')');
    }
    sql.append(' ').append(conflictClause);
    GenericExecuteSpec spec = db.sql(sql.toString());
    int bind = 0;
    for (Object[] row : values) {
      for (Object value : row) {
        spec = bindValue(spec, bind++, value);
      }
    }
    return spec.fetch().rowsUpdated();
  }

  static GenericExecuteSpec bindValue(GenericExecuteSpec spec, int index, Object value) {
    if (value instanceof NullOf nullOf) {
      return spec.bindNull(index, nullOf.type());
    }
    return spec.bind(index, value);
  }

  /** Binds {@code value}, or SQL NULL of {@code type} when it is null. */
  static Object orNull(Object value, Class<?> type) {
    return value == null ? new NullOf(type) : value;
  }

  /** A typed SQL NULL. */
  record NullOf(Class<?> type) {}
}
