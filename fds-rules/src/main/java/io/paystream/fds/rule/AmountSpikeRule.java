package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentRequested;
import java.util.List;

/**
 * Holds a payment whose amount is more than {@link AmountSpikeSettings#multiplier()} times the
 * card's typical amount: the median of its recent payments in the same currency (the median, not
 * the mean, so that one earlier large payment does not lift the bar). Needs at least {@link
 * AmountSpikeSettings#minSamples()} such payments; with fewer it passes.
 */
public final class AmountSpikeRule implements FraudRule {

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.AMOUNT_SPIKE);
  }

  @Override
  public RuleResult evaluate(PaymentRequested payment, CardProfile profile, RuleSettings settings) {
    AmountSpikeSettings spike = settings.amountSpike();
    if (!spike.enabled()) {
      return RuleResult.of(ReasonCodes.AMOUNT_SPIKE, Verdict.PASS);
    }
    long[] amounts =
        profile.recent().stream()
            .filter(r -> r.currency().equals(payment.currency()))
            .filter(r -> !r.paymentId().equals(payment.paymentId()))
            .mapToLong(RecentPayment::amountMinor)
            .sorted()
            .toArray();
    if (amounts.length < spike.minSamples()) {
      return RuleResult.of(ReasonCodes.AMOUNT_SPIKE, Verdict.PASS);
    }
    int mid = amounts.length / 2;
    double median =
        amounts.length % 2 == 1 ? amounts[mid] : (amounts[mid - 1] + (double) amounts[mid]) / 2;
    boolean spiked = payment.amountMinor() > spike.multiplier() * median;
    return RuleResult.of(ReasonCodes.AMOUNT_SPIKE, spiked ? Verdict.STEP_UP : Verdict.PASS);
  }
}
