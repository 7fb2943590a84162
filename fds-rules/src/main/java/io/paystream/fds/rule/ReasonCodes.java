package io.paystream.fds.rule;

/** Stable reason codes carried by {@code payment.decided.v1} and the ledger. */
public final class ReasonCodes {

  /** Travel from the card's neighbouring located payment would need an impossible speed. */
  public static final String IMPOSSIBLE_TRAVEL = "IMPOSSIBLE_TRAVEL";

  /** Too many payments on the card within the velocity window. */
  public static final String VELOCITY = "VELOCITY";

  /** Amount far above the card's recent typical amount. */
  public static final String AMOUNT_SPIKE = "AMOUNT_SPIKE";

  /** The card is blocked. */
  public static final String CARD_BLOCKED = "CARD_BLOCKED";

  /** The card is suspended for card-present use. */
  public static final String CARD_SUSPENDED = "CARD_SUSPENDED";

  /** The cardholder confirmed a held payment. */
  public static final String VERIFIED_BY_CARDHOLDER = "VERIFIED_BY_CARDHOLDER";

  /** The cardholder said a held payment was not theirs. */
  public static final String REJECTED_BY_CARDHOLDER = "REJECTED_BY_CARDHOLDER";

  /** The cardholder entered too many wrong codes. */
  public static final String VERIFICATION_LOCKED = "VERIFICATION_LOCKED";

  /** The challenge expired without an answer (reported by verification-api). */
  public static final String VERIFICATION_EXPIRED = "VERIFICATION_EXPIRED";

  /** No verification outcome arrived within fds-service's own timeout (the sweeper). */
  public static final String VERIFICATION_TIMEOUT = "VERIFICATION_TIMEOUT";

  private ReasonCodes() {}
}
