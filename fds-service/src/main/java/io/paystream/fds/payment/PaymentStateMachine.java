package io.paystream.fds.payment;

import io.paystream.contracts.event.PaymentStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The allowed transitions of a payment in the ledger (ARCHITECTURE §3): {@code RECEIVED → APPROVED
 * → COMPLETED}, {@code RECEIVED → PENDING_VERIFICATION → COMPLETED | DENIED | EXPIRED}, {@code
 * RECEIVED → DENIED}. Final states have no way out.
 */
public final class PaymentStateMachine {

  private static final Map<PaymentStatus, Set<PaymentStatus>> NEXT =
      Map.of(
          PaymentStatus.RECEIVED,
              EnumSet.of(
                  PaymentStatus.APPROVED, PaymentStatus.PENDING_VERIFICATION, PaymentStatus.DENIED),
          PaymentStatus.APPROVED, EnumSet.of(PaymentStatus.COMPLETED),
          PaymentStatus.PENDING_VERIFICATION,
              EnumSet.of(PaymentStatus.COMPLETED, PaymentStatus.DENIED, PaymentStatus.EXPIRED),
          PaymentStatus.COMPLETED, EnumSet.noneOf(PaymentStatus.class),
          PaymentStatus.DENIED, EnumSet.noneOf(PaymentStatus.class),
          PaymentStatus.EXPIRED, EnumSet.noneOf(PaymentStatus.class));

  private PaymentStateMachine() {}

  /** Whether a payment in {@code from} may move to {@code to}. */
  public static boolean allows(PaymentStatus from, PaymentStatus to) {
    return NEXT.get(from).contains(to);
  }

  /**
   * Checks a transition.
   *
   * @return {@code to}
   * @throws IllegalTransitionException if the transition is not allowed
   */
  public static PaymentStatus transition(PaymentStatus from, PaymentStatus to) {
    if (!allows(from, to)) {
      throw new IllegalTransitionException(from, to);
    }
    return to;
  }

  /**
   * Rebuilds the state reached by applying {@code states} in order from {@link
   * PaymentStatus#RECEIVED} (the first element may itself be {@code RECEIVED}).
   *
   * @throws IllegalTransitionException if the sequence contains a disallowed step
   */
  public static PaymentStatus replay(Iterable<PaymentStatus> states) {
    PaymentStatus current = null;
    for (PaymentStatus next : states) {
      current =
          current == null && next == PaymentStatus.RECEIVED
              ? next
              : transition(current == null ? PaymentStatus.RECEIVED : current, next);
    }
    return current == null ? PaymentStatus.RECEIVED : current;
  }

  /** A transition the state machine does not allow. */
  public static final class IllegalTransitionException extends IllegalStateException {

    IllegalTransitionException(PaymentStatus from, PaymentStatus to) {
      super("payment cannot move from " + from + " to " + to);
    }
  }
}
