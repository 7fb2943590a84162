package io.paystream.contracts.card;

/**
 * The Luhn (mod 10) check digit algorithm of ISO/IEC 7812-1, Annex B, used by every card PAN. The
 * one implementation in paystream: payment-api validates with it, the log masker and the
 * simulator's card-number scan find PANs with it. Plain Java, no allocation, thread-safe.
 *
 * <p>Leading zeros never change the result (a zero adds nothing, doubled or not), so {@code
 * "0604123412340"} and {@code "604123412340"} are both valid or both invalid.
 */
public final class Luhn {

  private Luhn() {}

  /**
   * Whether {@code digits} is a non-empty string of ASCII digits whose Luhn checksum is 0.
   *
   * @return {@code false} for {@code null}, empty, or any non-digit character
   */
  public static boolean isValid(CharSequence digits) {
    if (digits == null || digits.isEmpty()) {
      return false;
    }
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  /**
   * The check digit that makes {@code payload + digit} Luhn-valid.
   *
   * @param payload ASCII digits (may be empty)
   * @return 0–9
   * @throws IllegalArgumentException if {@code payload} holds a non-digit (the message never
   *     repeats the input)
   */
  public static int checkDigit(CharSequence payload) {
    int sum = 0;
    boolean doubleIt = true;
    for (int i = payload.length() - 1; i >= 0; i--) {
      int d = payload.charAt(i) - '0';
      if (d < 0 || d > 9) {
        throw new IllegalArgumentException("not a digit string");
      }
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return (10 - sum % 10) % 10;
  }

  /**
   * The number with its last digit replaced by the correct check digit (unchanged when valid).
   *
   * @param digits at least one ASCII digit
   * @throws IllegalArgumentException if {@code digits} is empty or holds a non-digit
   */
  public static String withValidCheckDigit(String digits) {
    if (digits == null || digits.isEmpty()) {
      throw new IllegalArgumentException("not a digit string");
    }
    String payload = digits.substring(0, digits.length() - 1);
    return payload + checkDigit(payload);
  }
}
