package io.paystream.contracts.event;

/** How a payment reached paystream. */
public enum Channel {
  /** Card present at a merchant's point-of-sale terminal: located. */
  POS,
  /** Card present through the cardholder's mobile app (e.g. in-store wallet): located. */
  APP,
  /** Card not present (e-commerce): no physical location. */
  ONLINE;

  /** {@code true} for channels where the card is physically at the place of payment. */
  public boolean cardPresent() {
    return this != ONLINE;
  }
}
