package io.paystream.verification.challenge;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a code is valid and how many wrong answers a challenge tolerates.
 *
 * @param validity how long a code can be used after it was issued; more than zero and at most
 *     {@link #MAX_VALIDITY} (NIST SP 800-63B §5.1.3.2: an out-of-band secret SHALL be valid for at
 *     most 10 minutes)
 * @param maxFailedAttempts wrong codes after which the challenge is {@code LOCKED} and its code
 *     burned, ≥ 1
 * @param holdMargin how long before fds-service's hold deadline ({@code holdExpiresAt} of {@code
 *     verification.requested.v1}) answers stop being taken, ≥ 0: the result must still reach fds
 *     (outbox, Kafka, its consumer) before it expires the payment on its own
 */
public record ChallengeRules(Duration validity, int maxFailedAttempts, Duration holdMargin) {

  /** Default {@link #holdMargin()}: one minute. */
  public static final Duration DEFAULT_HOLD_MARGIN = Duration.ofMinutes(1);

  /** Upper bound on {@link #validity()}: 10 minutes (NIST SP 800-63B §5.1.3.2). */
  public static final Duration MAX_VALIDITY = Duration.ofMinutes(10);

  /** Defaults of the issue: 5 minutes, 5 wrong answers. */
  public static final ChallengeRules DEFAULT = new ChallengeRules(Duration.ofMinutes(5), 5);

  /** Rules with the {@link #DEFAULT_HOLD_MARGIN}. */
  public ChallengeRules(Duration validity, int maxFailedAttempts) {
    this(validity, maxFailedAttempts, DEFAULT_HOLD_MARGIN);
  }

  /**
   * @throws IllegalArgumentException if the validity is not in (0, 10 min], attempts &lt; 1 or the
   *     margin is negative
   */
  public ChallengeRules {
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(holdMargin, "holdMargin");
    if (holdMargin.isNegative()) {
      throw new IllegalArgumentException("holdMargin must be >= 0, got " + holdMargin);
    }
    if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
      throw new IllegalArgumentException(
          "validity must be in (0, " + MAX_VALIDITY + "] (NIST SP 800-63B), got " + validity);
    }
    if (maxFailedAttempts < 1) {
      throw new IllegalArgumentException("maxFailedAttempts must be >= 1");
    }
  }

  /**
   * The last instant a challenge opened at {@code openedAt} takes answers: {@code holdExpiresAt}
   * minus {@link #holdMargin()}, or, for a request without a hold deadline (an older fds-service),
   * the end of the first code's validity. No resend moves it.
   */
  public Instant answerDeadline(Instant holdExpiresAt, Instant openedAt) {
    return holdExpiresAt == null ? openedAt.plus(validity) : holdExpiresAt.minus(holdMargin);
  }
}
