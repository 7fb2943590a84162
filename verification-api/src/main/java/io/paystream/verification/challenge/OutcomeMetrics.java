package io.paystream.verification.challenge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Counter {@value #NAME} (Prometheus {@code verification_outcomes_total}), tag {@code outcome} =
 * {@code APPROVED}, {@code REJECTED}, {@code EXPIRED} or {@code LOCKED}: one increment per
 * challenge when its outcome is decided (SMS callback, in-app confirmation, resend or sweeper
 * finding it expired), counted after the transaction that decided it committed. All four series are
 * registered at start so they read 0 rather than being absent.
 */
@Component
public class OutcomeMetrics {

  /** Meter name. */
  public static final String NAME = "verification.outcomes";

  /** Tag holding the {@link ChallengeStatus} name. */
  public static final String TAG = "outcome";

  private final Map<ChallengeStatus, Counter> counters = new EnumMap<>(ChallengeStatus.class);

  public OutcomeMetrics(MeterRegistry registry) {
    for (ChallengeStatus status : ChallengeStatus.values()) {
      if (status.isTerminal()) {
        counters.put(
            status,
            Counter.builder(NAME)
                .description("Verification challenges by the outcome they ended with")
                .tag(TAG, status.name())
                .register(registry));
      }
    }
  }

  /**
   * Counts {@code count} challenges that ended {@code outcome}.
   *
   * @throws IllegalArgumentException if {@code outcome} is not terminal
   */
  public void decided(ChallengeStatus outcome, int count) {
    Counter counter = counters.get(outcome);
    if (counter == null) {
      throw new IllegalArgumentException("not an outcome: " + outcome);
    }
    if (count > 0) {
      counter.increment(count);
    }
  }
}
