package io.paystream.verification.challenge;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a code is valid and how many wrong answers a challenge tolerates.
 *
 * @param validity how long a code can be used after it was issued; more than zero and at most
 *     {@link #MAX_VALIDITY} (NIST SP 800-63B §5.1.3.2: an out-of-band secret SHALL be valid for at
 *     most 10 minutes)
 * @param maxFailedAttempts wrong codes after which the challenge is {@code LOCKED} and its code
 *     burned, ≥ 1
 */
public record ChallengeRules(Duration validity, int maxFailedAttempts) {

  /** Upper bound on {@link #validity()}: 10 minutes (NIST SP 800-63B §5.1.3.2). */
  public static final Duration MAX_VALIDITY = Duration.ofMinutes(10);

  /** Defaults of the issue: 5 minutes, 5 wrong answers. */
  public static final ChallengeRules DEFAULT = new ChallengeRules(Duration.ofMinutes(5), 5);

  /**
   * @throws IllegalArgumentException if the validity is not in (0, 10 min] or attempts &lt; 1
   */
  public ChallengeRules {
    Objects.requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
      throw new IllegalArgumentException(
          "validity must be in (0, " + MAX_VALIDITY + "] (NIST SP 800-63B), got " + validity);
    }
    if (maxFailedAttempts < 1) {
      throw new IllegalArgumentException("maxFailedAttempts must be >= 1");
    }
  }
}
