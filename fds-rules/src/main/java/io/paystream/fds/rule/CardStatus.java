package io.paystream.fds.rule;

/** What a card may still be used for. */
public enum CardStatus {
  /** Usable everywhere. */
  ACTIVE,
  /**
   * Suspended for card-present use after the cardholder rejected a held payment or burned the code:
   * card-present payments are denied, card-not-present ones are still decided by the rules.
   */
  SUSPENDED,
  /** Blocked by the issuer or an operator: every payment is denied. */
  BLOCKED
}
