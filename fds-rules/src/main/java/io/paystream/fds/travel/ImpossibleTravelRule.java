package io.paystream.fds.travel;

import io.paystream.contracts.event.PaymentRequested;
import io.paystream.fds.rule.CardProfile;
import io.paystream.fds.rule.FraudRule;
import io.paystream.fds.rule.ReasonCodes;
import io.paystream.fds.rule.RuleResult;
import io.paystream.fds.rule.RuleSettings;
import io.paystream.fds.rule.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * Impossible travel: the great-circle distance between this card-present payment's place and its
 * neighbour in time among the card's located payments, minus both accuracy radii (floored at 0),
 * over the event-time gap. Holds the payment for step-up verification when the distance exceeds
 * {@link ImpossibleTravelSettings#minDistanceKm()} <em>and</em> the speed exceeds {@link
 * ImpossibleTravelSettings#maxSpeedKmh()}.
 *
 * <p>Card-not-present payments are not located: they pass without figures. A payment older than the
 * card's last located one is compared with its neighbour in time, never as travel back from the
 * latest place.
 */
public final class ImpossibleTravelRule implements FraudRule {

  @Override
  public List<String> reasonCodes() {
    return List.of(ReasonCodes.IMPOSSIBLE_TRAVEL);
  }

  @Override
  public RuleResult evaluate(PaymentRequested payment, CardProfile profile, RuleSettings settings) {
    ImpossibleTravelSettings travel = settings.impossibleTravel();
    if (!travel.enabled() || !payment.channel().cardPresent() || payment.location() == null) {
      return RuleResult.of(ReasonCodes.IMPOSSIBLE_TRAVEL, Verdict.PASS);
    }
    Optional<TravelLeg> leg = assess(payment, profile.located());
    if (leg.isEmpty()) {
      return RuleResult.of(ReasonCodes.IMPOSSIBLE_TRAVEL, Verdict.PASS);
    }
    TravelLeg measured = leg.get();
    boolean impossible =
        measured.distanceKm() > travel.minDistanceKm()
            && measured.speedKmh() > travel.maxSpeedKmh();
    return new RuleResult(
        ReasonCodes.IMPOSSIBLE_TRAVEL,
        impossible ? Verdict.STEP_UP : Verdict.PASS,
        measured.toAssessment());
  }

  /** The leg from the payment's neighbour in time, if the card has any located payment. */
  public static Optional<TravelLeg> assess(PaymentRequested payment, LocatedHistory history) {
    return history
        .neighbourOf(payment.occurredAt().toInstant())
        .filter(n -> !n.paymentId().equals(payment.paymentId()))
        .map(n -> TravelLeg.between(n, payment.location(), payment.occurredAt().toInstant()));
  }
}
