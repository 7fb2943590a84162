package io.paystream.verification.challenge;

/** What an answer did to a challenge. */
public enum AnswerResult {
  /** Right code: challenge {@code APPROVED}. */
  APPROVED,
  /** {@code NO}: challenge {@code REJECTED}. */
  REJECTED,
  /** Answered after the validity: challenge {@code EXPIRED}. */
  EXPIRED,
  /** The last allowed wrong code: challenge {@code LOCKED}, code burned. */
  LOCKED,
  /** Wrong code, attempt counted, attempts remain. */
  WRONG_CODE,
  /** Unreadable answer: nothing counted, the cardholder gets help. */
  HELP,
  /** The challenge had already ended: nothing changes. */
  NOT_OPEN
}
