package io.paystream.payment.card;

import io.paystream.contracts.card.CardNumbers;
import io.paystream.contracts.card.Luhn;
import java.util.Optional;

/**
 * A primary account number as received at the edge. Its {@link #toString()} never shows the digits,
 * so a stray log line or exception message cannot leak it.
 */
public final class Pan {

  /** Shortest PAN length: 12 digits (ISO/IEC 7812-1; Maestro issues 12-digit cards). */
  public static final int MIN_LENGTH = CardNumbers.MIN_DIGITS;

  /** Longest PAN length: 19 digits (ISO/IEC 7812-1). */
  public static final int MAX_LENGTH = CardNumbers.MAX_DIGITS;

  private final String digits;

  private Pan(String digits) {
    this.digits = digits;
  }

  /**
   * Why {@code candidate} is not a PAN, or empty if it is one: 12–19 ASCII digits passing the Luhn
   * check (ISO/IEC 7812-1, {@link CardNumbers}). The reason never repeats the digits.
   */
  public static Optional<String> problemWith(String candidate) {
    if (candidate == null || candidate.isEmpty()) {
      return Optional.of("is required");
    }
    if (!candidate.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of("must contain digits only");
    }
    if (candidate.length() < MIN_LENGTH || candidate.length() > MAX_LENGTH) {
      return Optional.of("must have 12 to 19 digits");
    }
    if (!Luhn.isValid(candidate)) {
      return Optional.of("fails the Luhn check");
    }
    return Optional.empty();
  }

  /**
   * A PAN from a string that passed {@link #problemWith(String)}.
   *
   * @throws IllegalArgumentException (without the digits) if it is not a valid PAN
   */
  public static Pan of(String candidate) {
    problemWith(candidate)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException("not a PAN: " + reason);
            });
    return new Pan(candidate);
  }

  /** Issuer identification number: the first six digits. */
  public String bin() {
    return digits.substring(0, 6);
  }

  /** The last four digits. */
  public String lastFour() {
    return digits.substring(digits.length() - 4);
  }

  String digits() {
    return digits;
  }

  @Override
  public String toString() {
    return "Pan[" + bin().substring(0, 1) + "***" + lastFour() + "]";
  }
}
