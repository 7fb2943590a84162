package io.paystream.verification.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class OutcomeMetricsTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final OutcomeMetrics metrics = new OutcomeMetrics(registry);

  double count(String outcome) {
    return registry.get(OutcomeMetrics.NAME).tag(OutcomeMetrics.TAG, outcome).counter().count();
  }

  @Test
  void registersTheFourOutcomesAtZero() {
    assertThat(registry.get(OutcomeMetrics.NAME).counters()).hasSize(4);
    assertThat(count("APPROVED")).isZero();
    assertThat(count("REJECTED")).isZero();
    assertThat(count("EXPIRED")).isZero();
    assertThat(count("LOCKED")).isZero();
  }

  @Test
  void countsEachOutcomeUnderItsTag() {
    metrics.decided(ChallengeStatus.APPROVED, 1);
    metrics.decided(ChallengeStatus.EXPIRED, 3);
    metrics.decided(ChallengeStatus.EXPIRED, 0);

    assertThat(count("APPROVED")).isEqualTo(1.0);
    assertThat(count("EXPIRED")).isEqualTo(3.0);
    assertThat(count("LOCKED")).isZero();
  }

  @Test
  void refusesOpenAsAnOutcome() {
    assertThatThrownBy(() -> metrics.decided(ChallengeStatus.OPEN, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
