package io.paystream.fds.rule;

/** What one rule says about a payment, from mildest to strictest. */
public enum Verdict {
  /** No objection. */
  PASS,
  /** Hold for step-up verification of the cardholder. */
  STEP_UP,
  /** Decline. */
  DENY
}
