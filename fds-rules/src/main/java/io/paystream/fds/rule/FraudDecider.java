package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.fds.risk.RiskFeatures;
import io.paystream.fds.ruleset.CompiledRuleSet;
import io.paystream.fds.ruleset.RuleOutcome;
import io.paystream.fds.ruleset.RuleSets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that decides a payment: the card's status, then the rule set.
 *
 * <ol>
 *   <li>{@link CardStatusRule}: a blocked card, or a card-present payment on a suspended card, is
 *       {@link PaymentStatus#DENIED} whatever the rules say ({@code CARD_BLOCKED} / {@code
 *       CARD_SUSPENDED}).
 *   <li>The payment's {@link RiskFeatures} (including the built-in impossible-travel, velocity and
 *       amount-spike checks under {@link RuleSettings}) feed the rule set's CEL programs. Active
 *       rules decide: an {@code allow} that fired → {@link PaymentStatus#APPROVED}; else {@code
 *       decline} → {@link PaymentStatus#DENIED}; else {@code step_up} → {@link
 *       PaymentStatus#PENDING_VERIFICATION}; {@code review} only records its code. Shadow rules are
 *       reported in {@link Decision#rules()} and never change the status.
 * </ol>
 *
 * Reason codes: the card-status code first (when it denies), then every active rule that fired, in
 * rule order. Pure and thread-safe.
 */
public final class FraudDecider {

  private static final CardStatusRule CARD_STATUS = new CardStatusRule();

  private FraudDecider() {}

  /** The decider. */
  public static FraudDecider standard() {
    return new FraudDecider();
  }

  /** Decides {@code payment} under the built-in default rule set ({@link RuleSets#defaults()}). */
  public Decision decide(PaymentRequested payment, CardProfile profile, RuleSettings settings) {
    return decide(payment, profile, settings, RuleSets.defaults());
  }

  /**
   * Decides {@code payment} for a card with {@code profile} under {@code settings} and {@code
   * ruleSet}.
   */
  public Decision decide(
      PaymentRequested payment,
      CardProfile profile,
      RuleSettings settings,
      CompiledRuleSet ruleSet) {
    RuleResult card = CARD_STATUS.evaluate(payment, profile, settings);
    RiskFeatures features = RiskFeatures.compute(payment, profile, settings);
    RuleOutcome outcome = ruleSet.evaluate(features);
    List<String> reasons = new ArrayList<>();
    PaymentStatus status;
    if (card.verdict() == Verdict.DENY) {
      reasons.add(card.reasonCode());
      status = PaymentStatus.DENIED;
    } else if (outcome.action() == null) {
      status = PaymentStatus.APPROVED;
    } else {
      status =
          switch (outcome.action()) {
            case ALLOW, REVIEW -> PaymentStatus.APPROVED;
            case STEP_UP -> PaymentStatus.PENDING_VERIFICATION;
            case DECLINE -> PaymentStatus.DENIED;
          };
    }
    reasons.addAll(outcome.reasonCodes());
    return new Decision(status, reasons, features.travel(), outcome);
  }
}
