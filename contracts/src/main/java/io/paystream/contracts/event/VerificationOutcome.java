package io.paystream.contracts.event;

/** How a step-up verification challenge ended. */
public enum VerificationOutcome {
  /** The cardholder confirmed the payment with the right one-time code. */
  APPROVED,
  /** The cardholder said it was not them. */
  REJECTED,
  /** No valid answer within the challenge's validity. */
  EXPIRED,
  /** Too many wrong codes; the code is burned. */
  LOCKED
}
