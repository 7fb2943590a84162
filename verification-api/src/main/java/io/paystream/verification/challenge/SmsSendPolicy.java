package io.paystream.verification.challenge;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Limits how many SMS paystream sends one phone (OWASP API4:2023, unrestricted resource
 * consumption: every SMS costs money and SMS pumping is an attack).
 *
 * <p>A <em>throttled</em> send (help messages, resends) needs {@code minInterval} since the phone's
 * last SMS of the same kind; every send needs the phone's count for the current UTC day to be below
 * {@code dailyCap}. The first SMS of a new challenge is not throttled by the interval (another
 * payment may legitimately be challenged within the minute) but counts towards the cap.
 *
 * @param minInterval minimum time between throttled sends to one phone (default 1 minute)
 * @param dailyCap SMS per phone per UTC day (default 10)
 */
public record SmsSendPolicy(Duration minInterval, int dailyCap) {

  public SmsSendPolicy {
    Objects.requireNonNull(minInterval, "minInterval");
    if (minInterval.isNegative() || dailyCap < 1) {
      throw new IllegalArgumentException("minInterval >= 0 and dailyCap >= 1 required");
    }
  }

  /** The decision for one send. */
  public enum Decision {
    /** Send it. */
    SEND,
    /** Too soon after the phone's last SMS: not sent; an open code stays valid. */
    THROTTLED,
    /** The phone's daily cap is reached: not sent. */
    CAPPED
  }

  /**
   * Decides one send.
   *
   * @param throttled whether the interval applies (resend, help message)
   * @param lastSentAt the phone's last SMS of this kind, {@code null} if none
   * @param sentToday SMS sent to the phone since the start of the current UTC day
   * @param now now
   */
  public Decision decide(boolean throttled, Instant lastSentAt, int sentToday, Instant now) {
    if (sentToday >= dailyCap) {
      return Decision.CAPPED;
    }
    if (throttled && lastSentAt != null && now.isBefore(lastSentAt.plus(minInterval))) {
      return Decision.THROTTLED;
    }
    return Decision.SEND;
  }

  /**
   * When a refused send could succeed: for {@link Decision#THROTTLED} the end of the interval after
   * {@code lastSentAt}; for {@link Decision#CAPPED} the start of the next UTC day (the cap counts
   * per UTC day); for {@link Decision#SEND} {@code now}.
   *
   * @param decision the refusal, as returned by {@link #decide}
   * @param lastSentAt the phone's last SMS of the kind that was throttled ({@code null} if none)
   * @param now the instant of the decision
   */
  public Instant retryAt(Decision decision, Instant lastSentAt, Instant now) {
    return switch (decision) {
      case SEND -> now;
      case THROTTLED -> lastSentAt == null ? now : lastSentAt.plus(minInterval);
      case CAPPED -> now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    };
  }
}
