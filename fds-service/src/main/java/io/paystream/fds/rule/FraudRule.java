package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;

/**
 * One fraud rule: looks at a payment and the card's profile and says {@link Verdict#PASS}, {@link
 * Verdict#STEP_UP} or {@link Verdict#DENY} under its own reason code. Rules are pure functions of
 * their inputs; a disabled rule passes.
 */
public interface FraudRule {

  /** The stable reason code this rule reports, e.g. {@code IMPOSSIBLE_TRAVEL}. */
  String reasonCode();

  /** Evaluates the rule with the thresholds in force now. */
  RuleResult evaluate(PaymentRequested payment, CardProfile profile, RuleSettings settings);
}
