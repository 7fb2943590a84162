package io.paystream.loyalty.visit;

import io.paystream.contracts.event.PaymentStatus;

/**
 * The counting rules, one payment at a time. A payment is identified by its payment id; its two
 * events ({@code payment.requested.v1} on {@code payment-stream} and a final {@code
 * payment.decided.v1} on {@code payment-decisions}) may arrive in either order and any number of
 * times. Whatever the order and the repetitions, a payment contributes one visit if and only if it
 * was requested and not declined ({@code DENIED} or {@code EXPIRED}).
 */
public final class VisitRules {

  private VisitRules() {}

  /** What to do with a {@code payment.requested.v1}. */
  public enum RequestOutcome {
    /** First time seen, not declined: count one visit. */
    COUNT,
    /** Already seen (redelivery or duplicate): nothing changes. */
    DUPLICATE,
    /** Its decline arrived first: remember the payment as {@link VisitState#NOT_COUNTED}. */
    ALREADY_DECLINED
  }

  /** What to do with a {@code payment.decided.v1}. */
  public enum DecisionOutcome {
    /** Not a decline (APPROVED, PENDING_VERIFICATION, COMPLETED): nothing to compensate. */
    IGNORE,
    /** A decline of a counted visit: take it back (one visit less). */
    TAKE_BACK,
    /** A decline whose request has not arrived yet: remember it so the request does not count. */
    REMEMBER,
    /** A decline seen before (redelivery), or of a payment that never counted: nothing changes. */
    DUPLICATE
  }

  /** {@code true} for the final states that take a visit back: {@code DENIED}, {@code EXPIRED}. */
  public static boolean compensates(PaymentStatus status) {
    return status == PaymentStatus.DENIED || status == PaymentStatus.EXPIRED;
  }

  /**
   * @param visit the payment's recorded visit state, {@code null} if its request was never seen
   * @param declined whether a decline of the payment was already recorded
   */
  public static RequestOutcome onRequest(VisitState visit, boolean declined) {
    if (visit != null) {
      return RequestOutcome.DUPLICATE;
    }
    return declined ? RequestOutcome.ALREADY_DECLINED : RequestOutcome.COUNT;
  }

  /**
   * @param status the decided state
   * @param visit the payment's recorded visit state, {@code null} if its request was never seen
   * @param declined whether a decline of the payment was already recorded
   */
  public static DecisionOutcome onDecision(
      PaymentStatus status, VisitState visit, boolean declined) {
    if (!compensates(status)) {
      return DecisionOutcome.IGNORE;
    }
    if (declined) {
      return DecisionOutcome.DUPLICATE;
    }
    if (visit == null) {
      return DecisionOutcome.REMEMBER;
    }
    return visit == VisitState.COUNTED ? DecisionOutcome.TAKE_BACK : DecisionOutcome.DUPLICATE;
  }
}
