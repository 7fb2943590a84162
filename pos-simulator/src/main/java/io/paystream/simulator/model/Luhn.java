package io.paystream.simulator.model;

/**
 * The Luhn (mod 10) check of ISO/IEC 7812-1 Annex B, used to make dataset card numbers acceptable
 * as PANs.
 */
public final class Luhn {

  private Luhn() {}

  /** {@code true} when the digit string passes the Luhn check. */
  public static boolean isValid(String digits) {
    if (digits == null || digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
      return false;
    }
    return checkDigit(digits.substring(0, digits.length() - 1))
        == digits.charAt(digits.length() - 1) - '0';
  }

  /** The check digit that makes {@code payload + digit} Luhn-valid. */
  public static int checkDigit(String payload) {
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

  /** The number with its last digit replaced by the correct check digit (unchanged if valid). */
  public static String withValidCheckDigit(String digits) {
    String payload = digits.substring(0, digits.length() - 1);
    return payload + checkDigit(payload);
  }

  /** BIN (first six) and last four, the rest as {@code *}. */
  public static String mask(String pan) {
    if (pan == null || pan.length() < 10) {
      return "****";
    }
    return pan.substring(0, 6) + "*".repeat(pan.length() - 10) + pan.substring(pan.length() - 4);
  }
}
