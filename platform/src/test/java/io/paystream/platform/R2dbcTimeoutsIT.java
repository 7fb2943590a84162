package io.paystream.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * The platform's R2DBC bounds against a real PostgreSQL, through the pool Spring Boot builds from
 * them: every pooled connection carries the server-side {@code statement_timeout}, and statements
 * that wait on a lock held by another session, abandoned by their callers, are cancelled by the
 * server and give their connections back instead of holding the pool until the lock goes.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    classes = R2dbcTimeoutsIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.application.name=r2dbc-timeouts-it",
      "spring.r2dbc.pool.initial-size=1",
      "spring.r2dbc.pool.max-size=4"
    })
class R2dbcTimeoutsIT {

  @Autowired DatabaseClient db;

  @Test
  void everyPooledConnectionCarriesTheDefaultStatementTimeout() {
    String timeout =
        db.sql("SHOW statement_timeout")
            .map(r -> r.get(0, String.class))
            .one()
            .block(Duration.ofSeconds(10));

    assertThat(timeout).isEqualTo("10s");
  }

  @Test
  void statementsHungOnALockAreCancelledByTheServerAndThePoolServesAgainWhileTheLockIsHeld(
      Infra infra) throws Exception {
    // given: a table locked by another session for the whole test
    db.sql("CREATE TABLE IF NOT EXISTS locked_account (id int PRIMARY KEY)")
        .then()
        .block(Duration.ofSeconds(10));
    try (Connection locker = infra.openJdbc();
        Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE locked_account IN ACCESS EXCLUSIVE MODE");

      // when: as many readers as the pool has connections wait on it, and their callers give up
      // after 500 ms (as a consumer's block timeout or a cache's load timeout would)
      Instant started = Instant.now();
      Flux.range(0, 4)
          .flatMap(
              i ->
                  db.sql("SELECT count(*) FROM locked_account")
                      .map(r -> r.get(0, Long.class))
                      .one()
                      .timeout(Duration.ofMillis(500))
                      .onErrorResume(e -> reactor.core.publisher.Mono.empty()),
              4)
          .blockLast(Duration.ofSeconds(5));

      // then: within the statement timeout the server cancels them and the pool answers again,
      // though the lock is still held
      await()
          .atMost(Duration.ofSeconds(25))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                try {
                  return db.sql("SELECT 1")
                          .map(r -> r.get(0, Integer.class))
                          .one()
                          .block(Duration.ofSeconds(2))
                      == 1;
                } catch (RuntimeException e) {
                  return false;
                }
              });
      assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
      locker.rollback();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}
}
