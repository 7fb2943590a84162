package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentStatus;
import io.paystream.contracts.event.TravelAssessment;
import io.paystream.fds.ruleset.RuleOutcome;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of deciding a payment.
 *
 * @param status {@link PaymentStatus#APPROVED}, {@link PaymentStatus#PENDING_VERIFICATION} or
 *     {@link PaymentStatus#DENIED}
 * @param reasonCodes the card-status code when it denied, then the codes of the active rules that
 *     fired, in rule order; empty when none
 * @param travel impossible-travel figures when the card had a located payment to compare with, else
 *     {@code null}
 * @param rules the rule set's version and the active and shadow rules that fired; {@code null} only
 *     for decisions made without a rule set
 */
public record Decision(
    PaymentStatus status, List<String> reasonCodes, TravelAssessment travel, RuleOutcome rules) {

  public Decision {
    Objects.requireNonNull(status, "status");
    reasonCodes = List.copyOf(reasonCodes);
  }

  /** A decision without rule-set details. */
  public Decision(PaymentStatus status, List<String> reasonCodes, TravelAssessment travel) {
    this(status, reasonCodes, travel, null);
  }
}
