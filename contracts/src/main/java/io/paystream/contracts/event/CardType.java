package io.paystream.contracts.event;

/** Funding type of a card. */
public enum CardType {
  DEBIT,
  CREDIT,
  PREPAID
}
