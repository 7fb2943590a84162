package io.paystream.verification.challenge;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A step-up challenge bound to one payment and card: the state machine of ARCHITECTURE §5
 * (verification-api). Immutable; every transition returns the next state.
 *
 * <p>{@code OPEN → APPROVED | REJECTED | EXPIRED | LOCKED}. Terminal states never change again, so
 * a correct code after {@code LOCKED} or {@code EXPIRED} is refused.
 *
 * @param id challenge id (the {@code verificationId} of events)
 * @param paymentId the held payment; at most one challenge per payment
 * @param cardToken card token (Kafka key of the result)
 * @param customerId the challenged cardholder
 * @param phoneE164 where the code was sent (E.164), {@code null} if the customer has no phone
 * @param codeHash keyed hash of the current code ({@link OneTimeCodes#hash}); {@code null} once
 *     burned (any terminal status)
 * @param status current status
 * @param failedAttempts wrong codes so far
 * @param issuedAt when the current code was issued
 * @param expiresAt end of validity of the current code: the code's validity, but never after {@code
 *     answerDeadline}
 * @param completedAt when it reached a terminal status, else {@code null}
 * @param method how it ended: {@code SMS}, {@code APP} or {@code NONE}; {@code null} while open
 * @param answerDeadline the last instant the challenge takes answers, fixed when it opens ({@link
 *     ChallengeRules#answerDeadline}: before fds-service's hold expires); a resend never extends
 *     {@code expiresAt} past it
 */
public record Challenge(
    UUID id,
    String paymentId,
    String cardToken,
    String customerId,
    String phoneE164,
    byte[] codeHash,
    ChallengeStatus status,
    int failedAttempts,
    Instant issuedAt,
    Instant expiresAt,
    Instant completedAt,
    String method,
    Instant answerDeadline) {

  public Challenge {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(answerDeadline, "answerDeadline");
  }

  /**
   * A new open challenge whose code was just issued.
   *
   * @param answerDeadline from {@link ChallengeRules#answerDeadline}; the code expires at the
   *     earlier of its validity and this (a deadline already past opens an expired challenge, which
   *     the sweeper ends as {@code EXPIRED})
   */
  public static Challenge open(
      UUID id,
      String paymentId,
      String cardToken,
      String customerId,
      String phoneE164,
      byte[] codeHash,
      Instant now,
      ChallengeRules rules,
      Instant answerDeadline) {
    return new Challenge(
        id,
        paymentId,
        cardToken,
        customerId,
        phoneE164,
        codeHash,
        ChallengeStatus.OPEN,
        0,
        now,
        earliest(now.plus(rules.validity()), answerDeadline),
        null,
        null,
        answerDeadline);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Whether the validity has passed at {@code now} (the end instant itself is expired). */
  public boolean isPastValidity(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /**
   * Applies an answer.
   *
   * @param reply the parsed answer
   * @param method {@code SMS} or {@code APP}
   * @param now the time of the answer
   * @param codes verifies the code in constant time
   * @param rules attempt limit
   * @return what happened and the next state
   */
  public Answered answer(
      Reply reply, String method, Instant now, OneTimeCodes codes, ChallengeRules rules) {
    if (status.isTerminal()) {
      return new Answered(AnswerResult.NOT_OPEN, this, 0);
    }
    if (isPastValidity(now)) {
      return new Answered(AnswerResult.EXPIRED, complete(ChallengeStatus.EXPIRED, "NONE", now), 0);
    }
    return switch (reply) {
      case Reply.No no ->
          new Answered(AnswerResult.REJECTED, complete(ChallengeStatus.REJECTED, method, now), 0);
      case Reply.Unparseable unparseable -> new Answered(AnswerResult.HELP, this, remaining(rules));
      case Reply.Yes yes -> {
        if (codes.matches(id, yes.code(), codeHash)) {
          yield new Answered(
              AnswerResult.APPROVED, complete(ChallengeStatus.APPROVED, method, now), 0);
        }
        int failed = failedAttempts + 1;
        if (failed >= rules.maxFailedAttempts()) {
          Challenge locked = complete(ChallengeStatus.LOCKED, method, now).withFailed(failed);
          yield new Answered(AnswerResult.LOCKED, locked, 0);
        }
        Challenge counted = withFailed(failed);
        yield new Answered(AnswerResult.WRONG_CODE, counted, rules.maxFailedAttempts() - failed);
      }
    };
  }

  /**
   * Expires an open challenge past its validity (the sweeper); otherwise returns this unchanged.
   */
  public Challenge expireIfDue(Instant now) {
    if (status == ChallengeStatus.OPEN && isPastValidity(now)) {
      return complete(ChallengeStatus.EXPIRED, "NONE", now);
    }
    return this;
  }

  /**
   * Replaces the code of an open challenge (a resend). The validity restarts from {@code now} but
   * ends at the {@code answerDeadline} at the latest; the failed-attempt counter is kept, so
   * resending never buys more guesses or more time than fds-service's hold.
   */
  public Challenge reissue(byte[] newCodeHash, Instant now, ChallengeRules rules) {
    if (status != ChallengeStatus.OPEN) {
      throw new IllegalStateException("challenge " + id + " is " + status);
    }
    return new Challenge(
        id,
        paymentId,
        cardToken,
        customerId,
        phoneE164,
        newCodeHash,
        status,
        failedAttempts,
        now,
        earliest(now.plus(rules.validity()), answerDeadline),
        null,
        null,
        answerDeadline);
  }

  private int remaining(ChallengeRules rules) {
    return rules.maxFailedAttempts() - failedAttempts;
  }

  private Challenge withFailed(int failed) {
    return new Challenge(
        id,
        paymentId,
        cardToken,
        customerId,
        phoneE164,
        codeHash,
        status,
        failed,
        issuedAt,
        expiresAt,
        completedAt,
        method,
        answerDeadline);
  }

  /** A terminal state: the code is burned (hash dropped). */
  private Challenge complete(ChallengeStatus terminal, String how, Instant now) {
    return new Challenge(
        id,
        paymentId,
        cardToken,
        customerId,
        phoneE164,
        null,
        terminal,
        failedAttempts,
        issuedAt,
        expiresAt,
        now,
        how,
        answerDeadline);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Challenge c
        && id.equals(c.id)
        && status == c.status
        && failedAttempts == c.failedAttempts
        && java.util.Arrays.equals(codeHash, c.codeHash)
        && Objects.equals(expiresAt, c.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, status, failedAttempts, expiresAt);
  }

  @Override
  public String toString() {
    return "Challenge[id="
        + id
        + ", paymentId="
        + paymentId
        + ", status="
        + status
        + ", failedAttempts="
        + failedAttempts
        + ", expiresAt="
        + expiresAt
        + "]";
  }

  /**
   * The result of an answer.
   *
   * @param result what happened
   * @param next the state after the answer (equal to the old one for {@code HELP}/{@code NOT_OPEN})
   * @param remainingAttempts wrong codes still allowed ({@code WRONG_CODE}, {@code HELP})
   */
  public record Answered(AnswerResult result, Challenge next, int remainingAttempts) {

    /** Whether the challenge reached a terminal status with this answer (a result to emit). */
    public boolean completed() {
      return switch (result) {
        case APPROVED, REJECTED, EXPIRED, LOCKED -> true;
        case WRONG_CODE, HELP, NOT_OPEN -> false;
      };
    }
  }
}
