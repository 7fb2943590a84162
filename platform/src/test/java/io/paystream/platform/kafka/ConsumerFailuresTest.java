package io.paystream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.paystream.contracts.serde.EventRejectedException;
import io.paystream.platform.kafka.ConsumerFailures.Kind;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import reactor.core.publisher.Mono;

class ConsumerFailuresTest {

  @Test
  void databaseOutagesAndTimeoutsAreTransientWhereverTheyAreInTheCauseChain() {
    // given what the stack throws when PostgreSQL is restarted, slow or out of connections
    List<Throwable> outages =
        List.of(
            new DataAccessResourceFailureException(
                "terminating connection due to administrator command",
                new R2dbcNonTransientResourceException("terminating connection", "57P01")),
            new QueryTimeoutException(
                "canceling statement due to statement timeout",
                new R2dbcNonTransientResourceException("canceling statement", "57014")),
            new DataAccessResourceFailureException(
                "Failed to obtain R2DBC Connection",
                new R2dbcTimeoutException("Connection acquisition timed out after 15000ms")),
            new R2dbcNonTransientResourceException("Cannot exchange messages: connection closed"),
            new R2dbcNonTransientResourceException("the database system is starting up", "57P03"),
            new R2dbcNonTransientResourceException("too many clients already", "53300"),
            new R2dbcNonTransientResourceException("deadlock detected", "40P01"),
            new UncheckedIOException(new ConnectException("Connection refused")),
            new TimeoutException("Expiring 1 record(s) for payment-decisions-0"),
            new NotLeaderOrFollowerException("not the leader"),
            new EventPublishException("payment-stream", "not acknowledged within 5000 ms", null),
            blockTimeout());

    // when / then
    for (Throwable outage : outages) {
      Throwable wrapped =
          new ListenerExecutionFailedException(
              "listener failed", new BatchListenerFailedException("batch failed", outage, 3));
      assertThat(ConsumerFailures.classify(outage)).as("%s", outage).isEqualTo(Kind.TRANSIENT);
      assertThat(ConsumerFailures.classify(wrapped))
          .as("wrapped %s", outage)
          .isEqualTo(Kind.TRANSIENT);
    }
  }

  @Test
  void aSqlStateOtherThanAnOutageIsNotTransientEvenWhenTheDriverCallsItAResourceFailure() {
    // given: r2dbc-postgresql maps a trigger's RAISE (P0001) to a "non-transient resource"
    // exception, which Spring turns into DataAccessResourceFailureException
    Throwable trigger =
        new DataAccessResourceFailureException(
            "payment_events is append-only",
            new R2dbcNonTransientResourceException("payment_events is append-only", "P0001"));
    Throwable grammar = new R2dbcBadGrammarException("column does not exist", "42703");
    Throwable duplicate =
        new DataIntegrityViolationException(
            "duplicate key", new R2dbcNonTransientResourceException("duplicate key", "23505"));

    // when / then
    assertThat(ConsumerFailures.classify(trigger)).isEqualTo(Kind.UNKNOWN);
    assertThat(ConsumerFailures.classify(grammar)).isEqualTo(Kind.UNKNOWN);
    assertThat(ConsumerFailures.classify(duplicate)).isEqualTo(Kind.UNKNOWN);
  }

  @Test
  void recordsThatAreBadInThemselvesAreBadRecordsEvenBehindATransientLookingWrapper() {
    Throwable unreadable =
        new DeserializationException("not a CloudEvent", new byte[] {1}, false, null);
    Throwable rejected =
        new BatchListenerFailedException(
            "rejected",
            new EventRejectedException("not a payment.requested.v1", List.of("ce_type")),
            0);
    Throwable rejectedBehindTimeout =
        new java.util.concurrent.TimeoutException("x") {
          @Override
          public synchronized Throwable getCause() {
            return new EventRejectedException("bad", List.of());
          }
        };

    assertThat(ConsumerFailures.classify(unreadable)).isEqualTo(Kind.BAD_RECORD);
    assertThat(ConsumerFailures.classify(rejected)).isEqualTo(Kind.BAD_RECORD);
    assertThat(ConsumerFailures.classify(rejectedBehindTimeout)).isEqualTo(Kind.BAD_RECORD);
    assertThat(ConsumerFailures.classify(new ClassCastException("x"))).isEqualTo(Kind.BAD_RECORD);
  }

  @Test
  void anythingElseIsUnknownAndACyclicCauseChainEnds() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);

    assertThat(ConsumerFailures.classify(new NullPointerException())).isEqualTo(Kind.UNKNOWN);
    assertThat(ConsumerFailures.classify(a)).isEqualTo(Kind.UNKNOWN);
    assertThat(ConsumerFailures.classify(null)).isEqualTo(Kind.UNKNOWN);
  }

  /** What {@code Mono.block(Duration)} throws when the effect did not answer in time. */
  private static Throwable blockTimeout() {
    return catchThrowable(() -> Mono.never().block(Duration.ofMillis(1)));
  }
}
