package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.contracts.event.TravelAssessment;
import io.paystream.fds.travel.ImpossibleTravelRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every rule and combines their verdicts: any {@link Verdict#DENY} → {@link
 * PaymentStatus#DENIED}; else any {@link Verdict#STEP_UP} → {@link
 * PaymentStatus#PENDING_VERIFICATION}; else {@link PaymentStatus#APPROVED}. Every objecting rule's
 * reason code is reported.
 */
public final class FraudDecider {

  private final List<FraudRule> rules;

  /** A decider over these rules, evaluated in order. */
  public FraudDecider(List<FraudRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The standard rule set: card status, impossible travel, velocity, amount spike. */
  public static FraudDecider standard() {
    return new FraudDecider(
        List.of(
            new CardStatusRule(),
            new ImpossibleTravelRule(),
            new VelocityRule(),
            new AmountSpikeRule()));
  }

  /** Decides {@code payment} for a card with {@code profile} under {@code settings}. */
  public Decision decide(PaymentRequested payment, CardProfile profile, RuleSettings settings) {
    Verdict worst = Verdict.PASS;
    List<String> reasons = new ArrayList<>();
    TravelAssessment travel = null;
    for (FraudRule rule : rules) {
      RuleResult result = rule.evaluate(payment, profile, settings);
      if (result.travel() != null) {
        travel = result.travel();
      }
      if (result.verdict() != Verdict.PASS) {
        reasons.add(result.reasonCode());
        if (result.verdict().compareTo(worst) > 0) {
          worst = result.verdict();
        }
      }
    }
    PaymentStatus status =
        switch (worst) {
          case DENY -> PaymentStatus.DENIED;
          case STEP_UP -> PaymentStatus.PENDING_VERIFICATION;
          case PASS -> PaymentStatus.APPROVED;
        };
    return new Decision(status, reasons, travel);
  }
}
