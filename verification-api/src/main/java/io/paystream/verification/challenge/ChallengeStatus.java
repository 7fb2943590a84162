package io.paystream.verification.challenge;

/** Life cycle of a challenge: {@code OPEN} until exactly one terminal status. */
public enum ChallengeStatus {
  /** Waiting for the cardholder's answer. */
  OPEN,
  /** Confirmed with the right code. */
  APPROVED,
  /** The cardholder said it was not them. */
  REJECTED,
  /** No valid answer within the validity. */
  EXPIRED,
  /** Too many wrong codes; the code is burned. */
  LOCKED;

  /** Whether no answer can change this status any more. */
  public boolean isTerminal() {
    return this != OPEN;
  }
}
