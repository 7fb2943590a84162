package io.paystream.contracts.card;

/**
 * What a primary account number (PAN) is in paystream, per ISO/IEC 7812-1: 12 to 19 ASCII digits
 * passing the {@link Luhn} check. 12 is the shortest length card schemes issue (Maestro issues
 * 12–19 digits; Visa 13/16/19, Amex 15, Mastercard 16); 19 is the standard's maximum. The API
 * validation (payment-api), the log masker (platform) and the simulator's card-number scan use
 * these bounds, so a number the API accepts is also one the masker hides and the scan finds.
 */
public final class CardNumbers {

  /** Shortest PAN, in digits (ISO/IEC 7812-1; Maestro issues 12-digit cards). */
  public static final int MIN_DIGITS = 12;

  /** Longest PAN, in digits (ISO/IEC 7812-1). */
  public static final int MAX_DIGITS = 19;

  private CardNumbers() {}

  /** Whether {@code digits} has a PAN's length: {@value #MIN_DIGITS}–{@value #MAX_DIGITS}. */
  public static boolean hasPanLength(CharSequence digits) {
    return digits != null && digits.length() >= MIN_DIGITS && digits.length() <= MAX_DIGITS;
  }

  /** Whether {@code digits} is a PAN: 12–19 ASCII digits, Luhn-valid. */
  public static boolean isPan(CharSequence digits) {
    return hasPanLength(digits) && Luhn.isValid(digits);
  }

  /**
   * The digits masked to BIN (first six) and last four, one {@code *} per hidden digit ({@code
   * 424242******4242}; a 12-digit PAN keeps 6 + 4 and hides 2); {@code ****} for fewer than 11
   * digits, where BIN and last four would reveal (nearly) everything.
   */
  public static String mask(String digits) {
    if (digits == null || digits.length() < 11) {
      return "****";
    }
    return digits.substring(0, 6)
        + "*".repeat(digits.length() - 10)
        + digits.substring(digits.length() - 4);
  }
}
