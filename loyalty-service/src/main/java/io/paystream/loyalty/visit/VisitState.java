package io.paystream.loyalty.visit;

/** What became of one payment's visit; stored in {@code loyalty.visits.state}. */
public enum VisitState {
  /** The payment counts as a visit. */
  COUNTED,
  /** The payment counted, then a DENIED or EXPIRED decision took the visit back. */
  TAKEN_BACK,
  /** The payment arrived after its DENIED or EXPIRED decision: it never counted. */
  NOT_COUNTED
}
