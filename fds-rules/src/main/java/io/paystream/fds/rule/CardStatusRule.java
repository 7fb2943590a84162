package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;
import java.util.List;

/**
 * Denies payments on a blocked card ({@code CARD_BLOCKED}), and card-present payments on a card
 * suspended for card-present use ({@code CARD_SUSPENDED}); card-not-present payments on a suspended
 * card pass here and are decided by the other rules.
 */
public final class CardStatusRule implements FraudRule {

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.CARD_BLOCKED, ReasonCodes.CARD_SUSPENDED);
  }

  @Override
  public RuleResult evaluate(PaymentRequested payment, CardProfile profile, RuleSettings settings) {
    return switch (profile.status()) {
      case BLOCKED ->
          RuleResult.of(
              ReasonCodes.CARD_BLOCKED,
              settings.cardStatus().enabled() ? Verdict.DENY : Verdict.PASS);
      case SUSPENDED ->
          RuleResult.of(
              ReasonCodes.CARD_SUSPENDED,
              settings.cardStatus().enabled() && payment.channel().cardPresent()
                  ? Verdict.DENY
                  : Verdict.PASS);
      // an active card objects under neither code; the result names the blocking one, as a pass
      case ACTIVE -> RuleResult.of(ReasonCodes.CARD_BLOCKED, Verdict.PASS);
    };
  }
}
