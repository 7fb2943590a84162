package io.paystream.payment.card;

/** The Luhn (mod 10) check digit algorithm of ISO/IEC 7812-1 Annex B, used by every card PAN. */
public final class Luhn {

  private Luhn() {}

  /**
   * {@code true} if {@code digits} is a non-empty string of ASCII digits whose Luhn checksum is 0.
   */
  public static boolean isValid(CharSequence digits) {
    int length = digits.length();
    if (length == 0) {
      return false;
    }
    int sum = 0;
    boolean doubleIt = false;
    for (int i = length - 1; i >= 0; i--) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      int d = c - '0';
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
}
