package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;

/**
 * Denies payments on a blocked card, and card-present payments on a card suspended for card-present
 * use.
 */
public final class CardStatusRule implements FraudRule {

  @Override
  public String reasonCode() {
    return ReasonCodes.CARD_BLOCKED;
  }

  @Override
  public RuleResult evaluate(PaymentRequested payment, CardProfile profile, RuleSettings settings) {
    if (!settings.cardStatus().enabled()) {
      return RuleResult.of(ReasonCodes.CARD_BLOCKED, Verdict.PASS);
    }
    return switch (profile.status()) {
      case BLOCKED -> RuleResult.of(ReasonCodes.CARD_BLOCKED, Verdict.DENY);
      case SUSPENDED ->
          payment.channel().cardPresent()
              ? RuleResult.of(ReasonCodes.CARD_SUSPENDED, Verdict.DENY)
              : RuleResult.of(ReasonCodes.CARD_SUSPENDED, Verdict.PASS);
      case ACTIVE -> RuleResult.of(ReasonCodes.CARD_BLOCKED, Verdict.PASS);
    };
  }
}
