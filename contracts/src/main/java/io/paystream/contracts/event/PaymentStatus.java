package io.paystream.contracts.event;

/**
 * States of a payment in the ledger (ARCHITECTURE §3): {@code RECEIVED → APPROVED → COMPLETED},
 * {@code RECEIVED → PENDING_VERIFICATION → COMPLETED | DENIED | EXPIRED}, {@code RECEIVED →
 * DENIED}.
 */
public enum PaymentStatus {
  /** Accepted by payment-api; no decision yet. Never carried by {@code payment.decided.v1}. */
  RECEIVED,
  /** No rule objected; settles to {@link #COMPLETED}. */
  APPROVED,
  /** Held for step-up verification of the cardholder (e.g. impossible travel). */
  PENDING_VERIFICATION,
  /** Final: approved, or verified by the cardholder. */
  COMPLETED,
  /** Final: declined by a rule or rejected by the cardholder. */
  DENIED,
  /** Final: the cardholder did not verify in time. */
  EXPIRED;

  /** {@code true} for states no later event changes. */
  public boolean isFinal() {
    return this == COMPLETED || this == DENIED || this == EXPIRED;
  }
}
