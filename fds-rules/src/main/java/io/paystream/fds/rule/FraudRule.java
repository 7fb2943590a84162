package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;
import java.util.List;

/**
 * One fraud rule: looks at a payment and the card's profile and says {@link Verdict#PASS}, {@link
 * Verdict#STEP_UP} or {@link Verdict#DENY} under its own reason code. Rules are pure functions of
 * their inputs; a disabled rule passes.
 */
public interface FraudRule {

  /**
   * Every stable reason code this rule can report, e.g. {@code [IMPOSSIBLE_TRAVEL]}; each {@link
   * RuleResult} it returns carries one of them.
   */
  List<String> reasonCodes();

  /** Evaluates the rule with the thresholds in force now. */
  RuleResult evaluate(PaymentRequested payment, CardProfile profile, RuleSettings settings);
}
