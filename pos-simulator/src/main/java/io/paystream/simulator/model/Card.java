package io.paystream.simulator.model;

import io.paystream.contracts.card.CardNumbers;
import io.paystream.contracts.event.CardType;

/**
 * A payment card. The CVV is never part of the model: adapters do not read it.
 *
 * @param cardId the dataset's stable id for the card (never the PAN), e.g. {@code tf-c0-1}
 * @param customerId owner
 * @param pan primary account number, 12–19 digits, Luhn-valid (ISO/IEC 7812-1, {@link CardNumbers})
 * @param expiryMonth 1–12
 * @param expiryYear four digits
 * @param brand {@code Visa}, {@code Mastercard}, {@code Amex}, {@code Discover}, ...
 * @param type funding type
 * @param checkDigitReplaced {@code true} when the dataset's number failed Luhn and its last digit
 *     was replaced by the correct check digit
 */
public record Card(
    String cardId,
    String customerId,
    String pan,
    int expiryMonth,
    int expiryYear,
    String brand,
    CardType type,
    boolean checkDigitReplaced) {

  /** The PAN masked to BIN and last four ({@code 424242******4242}); safe to print. */
  public String maskedPan() {
    return CardNumbers.mask(pan);
  }

  /** Never prints the PAN. */
  @Override
  public String toString() {
    return "Card[" + cardId + ", " + maskedPan() + ", " + brand + " " + type + "]";
  }
}
