package io.paystream.platform.postgres;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * PostgreSQL {@code LISTEN} as a {@link Flux}, on a dedicated connection opened on the raw factory
 * under the application's pool (a pooled connection would be handed back and lose its {@code
 * LISTEN}), reconnecting forever with a back-off of 1 s doubling to 30 s.
 *
 * <p>Emits {@code Optional.empty()} once the {@code LISTEN} is in place, after the first connect
 * and after every reconnect: notifications sent while no connection listened are lost, so a
 * subscriber treats it as "anything may have changed" (the outbox relay runs a pass; a cache drops
 * everything). Then one {@code Optional.of(payload)} per notification, in commit order.
 */
public final class PostgresNotifications {

  private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);

  private PostgresNotifications() {}

  /**
   * Listens on {@code channel}.
   *
   * @param connectionFactory the application's (pooled) factory; {@link Wrapped} layers are peeled
   *     off to reach r2dbc-postgresql's
   * @param channel a plain channel name ({@code [a-z_][a-z0-9_]*}), quoted into {@code LISTEN}
   * @param purpose what the notifications are for, in the WARN line logged when the connection is
   *     lost
   * @throws IllegalArgumentException if {@code channel} is not a plain name
   */
  public static Flux<Optional<String>> listen(
      ConnectionFactory connectionFactory, String channel, String purpose) {
    if (channel == null || !channel.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain channel name: " + channel);
    }
    ConnectionFactory raw = connectionFactory;
    while (raw instanceof Wrapped<?> w && w.unwrap() instanceof ConnectionFactory inner) {
      raw = inner;
    }
    ConnectionFactory factory = raw;
    return Flux.usingWhen(
            Mono.from(factory.create()),
            (Connection c) -> {
              PostgresqlConnection pg = unwrap(c);
              return pg.createStatement("LISTEN \"" + channel + "\"")
                  .execute()
                  .flatMap(result -> result.getRowsUpdated())
                  .then(Mono.just(Optional.<String>empty()))
                  .concatWith(
                      pg.getNotifications()
                          .map(n -> Optional.of(n.getParameter() == null ? "" : n.getParameter())));
            },
            Connection::close)
        .concatWith(Flux.error(() -> new IllegalStateException("LISTEN connection closed")))
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
                .maxBackoff(Duration.ofSeconds(30))
                .transientErrors(true)
                .doBeforeRetry(
                    s ->
                        log.warn(
                            "LISTEN {} ({}) lost, reconnecting: {}",
                            channel,
                            purpose,
                            s.failure().toString())));
  }

  private static PostgresqlConnection unwrap(Connection c) {
    Object current = c;
    while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> w) {
      current = w.unwrap();
    }
    if (current instanceof PostgresqlConnection pg) {
      return pg;
    }
    throw new IllegalStateException("LISTEN needs r2dbc-postgresql, got " + c.getClass().getName());
  }
}
