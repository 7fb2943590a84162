package io.paystream.platform.reactive;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * A deadline that holds whatever the source does. Reactor's {@code Mono.timeout(Duration)} starts
 * its timer in {@code onSubscribe}: a source that never signals {@code onSubscribe} (seen with a
 * Lettuce connection stuck in a reconnect, whose commands then stayed "active" for 15 minutes) is
 * never timed out and the caller waits forever. {@link #within} races the source against a timer
 * started at subscription, so the caller gets an answer or a {@link TimeoutException} in {@code
 * timeout}, and the source is cancelled when the timer wins.
 */
public final class Deadlines {

  private Deadlines() {}

  /**
   * {@code source}, or a {@link TimeoutException} ("no answer within N ms") if it has not signalled
   * within {@code timeout} of subscription; an empty source completes empty.
   *
   * @param timeout positive
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public static <T> Mono<T> within(Mono<T> source, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return Mono.firstWithSignal(
        source,
        Mono.delay(timeout)
            .then(
                Mono.error(
                    () -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))));
  }
}
