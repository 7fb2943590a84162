package io.paystream.fds.rule;

import io.paystream.contracts.event.PaymentStatus;
import io.paystream.contracts.event.TravelAssessment;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of running every rule on a payment.
 *
 * @param status {@link PaymentStatus#APPROVED}, {@link PaymentStatus#PENDING_VERIFICATION} or
 *     {@link PaymentStatus#DENIED}
 * @param reasonCodes the reason codes of every rule that objected, in rule order; empty when none
 * @param travel impossible-travel figures when the card had a located payment to compare with, else
 *     {@code null}
 */
public record Decision(PaymentStatus status, List<String> reasonCodes, TravelAssessment travel) {

  public Decision {
    Objects.requireNonNull(status, "status");
    reasonCodes = List.copyOf(reasonCodes);
  }
}
