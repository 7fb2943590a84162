package io.paystream.platform.kafka;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.util.ClassUtils;

/**
 * Why a consumer's attempt failed, decided once for every listener of every service: the platform's
 * error handler retries a {@link Kind#TRANSIENT} failure until the infrastructure is healthy again,
 * sends a {@link Kind#BAD_RECORD} to {@code <topic>-<group>-dlt} at once, and gives an {@link
 * Kind#UNKNOWN} failure the bounded retries of {@code paystream.kafka.retry.*} before
 * dead-lettering it.
 *
 * <p>The rules, applied to the thrown exception and every cause below it (suppressed exceptions are
 * not followed):
 *
 * <ol>
 *   <li>a record that is bad in itself: Spring Kafka's {@code DeserializationException}, {@code
 *       EventRejectedException} (not a CloudEvent, unknown {@code ce_type}, schema or contract
 *       violation, a per-record domain rejection), message conversion failures and {@code
 *       ClassCastException} (Spring Kafka's own list of fatal exceptions) → {@link
 *       Kind#BAD_RECORD};
 *   <li>a database error that carries a SQLSTATE (R2DBC's {@code R2dbcException#getSqlState()},
 *       JDBC's {@link SQLException#getSQLState()}) is judged by it alone, because the R2DBC driver
 *       maps unknown codes (a trigger's {@code RAISE}, {@code XX000}) to "non-transient resource"
 *       exceptions that look like a lost connection: classes {@code 08} (connection), {@code 40}
 *       (serialization failure, deadlock), {@code 53} (insufficient resources, too many
 *       connections), {@code 58} (system or I/O error), {@code 57P01}–{@code 57P03} (server
 *       shutting down or restarting, {@code pg_terminate_backend}), {@code 57014} (statement
 *       timeout), {@code 55P03} (lock timeout) and {@code 25006} (read-only after a failover) →
 *       {@link Kind#TRANSIENT}, any other code → {@link Kind#UNKNOWN};
 *   <li>otherwise an infrastructure exception type anywhere in the chain → {@link Kind#TRANSIENT}:
 *       Spring's {@code TransientDataAccessException} (query timeout, lock failures), {@code
 *       DataAccessResourceFailureException} (connection failures, Redis connection failures),
 *       {@code RecoverableDataAccessException}, {@code CannotCreateTransactionException}; R2DBC's
 *       {@code R2dbcTransientException} (pool acquire timeout) and {@code
 *       R2dbcNonTransientResourceException} without SQLSTATE (connection closed); Kafka's {@code
 *       RetriableException} (includes its {@code TimeoutException}); paystream's {@link
 *       EventPublishException}; Lettuce's {@code RedisConnectionException} and {@code
 *       RedisCommandTimeoutException}; resilience4j's {@code CallNotPermittedException} (an open
 *       circuit: the dependency is down); {@link java.util.concurrent.TimeoutException} (also the
 *       cause of Reactor's "Timeout on blocking read"); {@link java.io.IOException} except Jackson
 *       2's parse errors;
 *   <li>anything else → {@link Kind#UNKNOWN}.
 * </ol>
 *
 * <p>Only the error handler calls this, after a failure: it costs nothing on the success path.
 * Classes of optional libraries are matched by name, so the platform needs none of them.
 */
public final class ConsumerFailures {

  /** What kind of failure an exception is. */
  public enum Kind {
    /** The infrastructure failed (database, broker, Redis, a timeout): retry until healthy. */
    TRANSIENT,
    /** The record itself cannot be processed, now or later: dead-letter it with the reason. */
    BAD_RECORD,
    /** Neither is known: bounded retries, then the dead-letter topic. */
    UNKNOWN
  }

  private static final int MAX_DEPTH = 32;

  private static final Set<String> BAD_RECORD_TYPES =
      Set.of(
          "org.springframework.kafka.support.serializer.DeserializationException",
          "io.paystream.contracts.serde.EventRejectedException",
          "org.springframework.messaging.converter.MessageConversionException",
          "org.springframework.kafka.support.converter.ConversionException",
          "org.springframework.messaging.handler.invocation.MethodArgumentResolutionException",
          "java.lang.ClassCastException");

  private static final Set<String> TRANSIENT_TYPES =
      Set.of(
          "org.springframework.dao.TransientDataAccessException",
          "org.springframework.dao.DataAccessResourceFailureException",
          "org.springframework.dao.RecoverableDataAccessException",
          "org.springframework.transaction.CannotCreateTransactionException",
          "io.r2dbc.spi.R2dbcTransientException",
          "io.r2dbc.spi.R2dbcNonTransientResourceException",
          "org.apache.kafka.common.errors.RetriableException",
          "io.paystream.platform.kafka.EventPublishException",
          "io.lettuce.core.RedisConnectionException",
          "io.lettuce.core.RedisCommandTimeoutException",
          "io.github.resilience4j.circuitbreaker.CallNotPermittedException",
          "java.util.concurrent.TimeoutException",
          "java.io.IOException");

  /** Jackson 2 parse errors are {@code IOException}s, but about the data, not the network. */
  private static final Set<String> NOT_TRANSIENT_TYPES =
      Set.of("com.fasterxml.jackson.core.JacksonException");

  private static final Set<String> TRANSIENT_SQL_STATES =
      Set.of("57P01", "57P02", "57P03", "57014", "55P03", "25006");

  private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "40", "53", "58");

  private static final boolean R2DBC_PRESENT =
      ClassUtils.isPresent("io.r2dbc.spi.R2dbcException", ConsumerFailures.class.getClassLoader());

  private ConsumerFailures() {}

  /**
   * Classifies {@code failure} by the rules in the class comment.
   *
   * @param failure what a listener (or the container) threw; {@code null} is {@link Kind#UNKNOWN}
   */
  public static Kind classify(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH && seen.add(t); t = t.getCause()) {
      depth++;
      if (isA(t, BAD_RECORD_TYPES)) {
        return Kind.BAD_RECORD;
      }
      String sqlState = sqlState(t);
      if (sqlState != null && !sqlState.isBlank()) {
        return transientSqlState(sqlState) ? Kind.TRANSIENT : Kind.UNKNOWN;
      }
    }
    for (Throwable t : seen) {
      if (isA(t, TRANSIENT_TYPES) && !isA(t, NOT_TRANSIENT_TYPES)) {
        return Kind.TRANSIENT;
      }
    }
    return Kind.UNKNOWN;
  }

  /** {@code classify(failure) == TRANSIENT}. */
  public static boolean isTransient(Throwable failure) {
    return classify(failure) == Kind.TRANSIENT;
  }

  /** Whether PostgreSQL's SQLSTATE {@code code} names a condition that passes by itself. */
  static boolean transientSqlState(String code) {
    return TRANSIENT_SQL_STATES.contains(code)
        || (code.length() >= 2 && TRANSIENT_SQL_STATE_CLASSES.contains(code.substring(0, 2)));
  }

  private static String sqlState(Throwable t) {
    if (t instanceof SQLException sql) {
      return sql.getSQLState();
    }
    return R2DBC_PRESENT ? R2dbc.sqlState(t) : null;
  }

  /** Whether {@code t}'s class or one of its superclasses is named in {@code types}. */
  private static boolean isA(Throwable t, Set<String> types) {
    for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (types.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }

  /** Touches R2DBC types only when r2dbc-spi is on the classpath. */
  private static final class R2dbc {
    static String sqlState(Throwable t) {
      return t instanceof io.r2dbc.spi.R2dbcException r ? r.getSqlState() : null;
    }
  }
}
