package io.paystream.platform.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class DeadlinesTest {

  @Test
  void timesOutASourceThatNeverSignalsOnSubscribe() {
    // Mono.timeout would wait forever here: its timer starts in onSubscribe
    Mono<String> silent = Mono.from(subscriber -> {});

    StepVerifier.create(Deadlines.within(silent, Duration.ofMillis(100)))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("no answer within 100 ms"))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void timesOutAndCancelsASlowSource() {
    AtomicBoolean cancelled = new AtomicBoolean();
    Mono<String> slow = Mono.<String>never().doOnCancel(() -> cancelled.set(true));

    StepVerifier.create(Deadlines.within(slow, Duration.ofMillis(50)))
        .expectError(TimeoutException.class)
        .verify(Duration.ofSeconds(5));
    assertThat(cancelled).isTrue();
  }

  @Test
  void passesValuesAndEmptinessThrough() {
    StepVerifier.create(Deadlines.within(Mono.just("v"), Duration.ofSeconds(1)))
        .expectNext("v")
        .verifyComplete();
    StepVerifier.create(Deadlines.within(Mono.<String>empty(), Duration.ofSeconds(1)))
        .verifyComplete();
    StepVerifier.create(
            Deadlines.within(
                Mono.<String>error(new IllegalStateException("x")), Duration.ofSeconds(1)))
        .expectError(IllegalStateException.class)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void refusesANonPositiveTimeout() {
    assertThatThrownBy(() -> Deadlines.within(Mono.just(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
