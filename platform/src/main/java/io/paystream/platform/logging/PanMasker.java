package io.paystream.platform.logging;

import io.paystream.contracts.card.CardNumbers;
import io.paystream.contracts.card.Luhn;

/**
 * Replaces card numbers (PANs) in free text with their BIN (first six digits), one {@code *} per
 * hidden digit and the last four digits: {@code 4111 1111 1111 1111} becomes {@code
 * 411111******1111}.
 *
 * <p>A PAN here is any run of 12 to 19 digits (ISO/IEC 7812-1, {@link CardNumbers}: Maestro issues
 * 12-digit cards), optionally grouped by single spaces or dashes, that passes the Luhn check
 * (ISO/IEC 7812-1, Annex B) and is not part of a longer digit run. When a grouped run holds more
 * digits than a PAN (e.g. {@code 4111 1111 1111 1111 12 26}), every contiguous sequence of its
 * groups that is a Luhn-valid 12–19 digit number is masked, so trailing expiry dates or amounts do
 * not hide a PAN. Numbers that fail the Luhn check (order numbers, timestamps) are left alone.
 * Plain Java, thread-safe, no allocation when nothing matches.
 */
public final class PanMasker {

  private static final int MIN_DIGITS = CardNumbers.MIN_DIGITS;
  private static final int MAX_DIGITS = CardNumbers.MAX_DIGITS;

  private PanMasker() {}

  /** Whether {@code text} contains something {@link #mask} would change. */
  public static boolean containsPan(CharSequence text) {
    return text != null && !mask(text.toString()).equals(text.toString());
  }

  /**
   * Masks every PAN in {@code text}.
   *
   * @return the text with PANs masked; the same instance when there is none; {@code null} for
   *     {@code null}
   */
  public static String mask(String text) {
    if (text == null || !mayContainPan(text)) {
      return text;
    }
    StringBuilder out = null;
    int last = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int end = runEnd(text, start);
      i = end;
      String run = text.substring(start, end);
      if (countDigits(run) < MIN_DIGITS) {
        continue;
      }
      String masked = maskRun(run);
      if (masked != null) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, start).append(masked);
        last = end;
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  /**
   * The end (exclusive) of the digit run starting at {@code start}: digits, each pair possibly
   * separated by one space or dash, as long as possible (so the run is glued to no further digit).
   * A plain loop, not a regular expression: {@code \\d(?:[ -]?\\d)*} recurses once per digit in
   * {@code java.util.regex}, and a path of a few thousand digits overflowed the stack of a gateway
   * event-loop thread, whose request then never got an answer (issue 17, gateway fuzz).
   */
  private static int runEnd(String text, int start) {
    int n = text.length();
    int end = start + 1;
    while (end < n) {
      char c = text.charAt(end);
      if (isDigit(c)) {
        end++;
      } else if ((c == ' ' || c == '-') && end + 1 < n && isDigit(text.charAt(end + 1))) {
        end += 2;
      } else {
        break;
      }
    }
    return end;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Fast pre-check, one pass without allocation: whether {@code text} has a run of at least 12
   * ASCII digits, optionally grouped by single spaces or dashes (the only place a PAN can be). When
   * it returns {@code false}, {@link #mask} returns its input unchanged.
   */
  public static boolean mayContainPan(CharSequence text) {
    if (text == null || text.length() < MIN_DIGITS) {
      return false;
    }
    int digits = 0;
    boolean separator = false;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits >= MIN_DIGITS) {
          return true;
        }
        separator = false;
      } else if ((c == ' ' || c == '-') && digits > 0 && !separator) {
        separator = true;
      } else {
        digits = 0;
        separator = false;
      }
    }
    return false;
  }

  /**
   * {@link #mayContainPan(CharSequence)} over encoded text in an ASCII-compatible charset (UTF-8,
   * ISO-8859-1): bytes of multi-byte characters are never ASCII digits, spaces or dashes.
   */
  public static boolean mayContainPan(byte[] text) {
    if (text == null || text.length < MIN_DIGITS) {
      return false;
    }
    int digits = 0;
    boolean separator = false;
    for (byte c : text) {
      if (c >= '0' && c <= '9') {
        if (++digits >= MIN_DIGITS) {
          return true;
        }
        separator = false;
      } else if ((c == ' ' || c == '-') && digits > 0 && !separator) {
        separator = true;
      } else {
        digits = 0;
        separator = false;
      }
    }
    return false;
  }

  /** The masked run, or {@code null} when it holds no PAN. */
  private static String maskRun(String run) {
    String digits = digitsOf(run);
    if (digits.length() <= MAX_DIGITS && luhnValid(digits)) {
      return maskDigits(digits);
    }
    String[] groups = run.split("[ -]");
    if (groups.length == 1) {
      return null; // one unbroken run longer than a PAN: an id, not a card number
    }
    // Greedy left to right: the longest valid group sequence starting at each group.
    StringBuilder out = new StringBuilder(run.length());
    boolean changed = false;
    int i = 0;
    while (i < groups.length) {
      int match = -1;
      StringBuilder candidate = new StringBuilder();
      for (int j = i; j < groups.length; j++) {
        candidate.append(groups[j]);
        if (candidate.length() > MAX_DIGITS) {
          break;
        }
        if (candidate.length() >= MIN_DIGITS && luhnValid(candidate)) {
          match = j;
        }
      }
      if (!out.isEmpty()) {
        out.append(' ');
      }
      if (match >= 0) {
        StringBuilder pan = new StringBuilder();
        for (int j = i; j <= match; j++) {
          pan.append(groups[j]);
        }
        out.append(maskDigits(pan.toString()));
        changed = true;
        i = match + 1;
      } else {
        out.append(groups[i]);
        i++;
      }
    }
    return changed ? out.toString() : null;
  }

  private static String maskDigits(String digits) {
    int hidden = digits.length() - 10;
    return digits.substring(0, 6) + "*".repeat(hidden) + digits.substring(digits.length() - 4);
  }

  private static int countDigits(String run) {
    int n = 0;
    for (int i = 0; i < run.length(); i++) {
      if (Character.isDigit(run.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  private static String digitsOf(String run) {
    StringBuilder sb = new StringBuilder(run.length());
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      if (c >= '0' && c <= '9') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The Luhn (mod 10) check over a string of ASCII digits ({@link Luhn}). */
  static boolean luhnValid(CharSequence digits) {
    return Luhn.isValid(digits);
  }
}
