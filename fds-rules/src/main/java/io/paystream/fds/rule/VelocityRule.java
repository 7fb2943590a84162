package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;
import java.time.Instant;
import java.util.List;

/**
 * Holds a payment when the card made more than {@link VelocitySettings#maxPayments()} payments
 * (this one included) within {@link VelocitySettings#window()} of event time ending at this
 * payment, i.e. in {@code [occurredAt - window, occurredAt]}. Payments of every channel count.
 */
public final class VelocityRule implements FraudRule {

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.VELOCITY);
  }

  @Override
  public RuleResult evaluate(PaymentRequested payment, CardProfile profile, RuleSettings settings) {
    VelocitySettings velocity = settings.velocity();
    if (!velocity.enabled()) {
      return RuleResult.of(ReasonCodes.VELOCITY, Verdict.PASS);
    }
    Instant end = payment.occurredAt().toInstant();
    Instant start = end.minus(velocity.window());
    long inWindow =
        1
            + profile.recent().stream()
                .filter(r -> !r.paymentId().equals(payment.paymentId()))
                .filter(r -> !r.occurredAt().isBefore(start) && !r.occurredAt().isAfter(end))
                .count();
    return RuleResult.of(
        ReasonCodes.VELOCITY, inWindow > velocity.maxPayments() ? Verdict.STEP_UP : Verdict.PASS);
  }
}
