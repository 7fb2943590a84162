package io.paystream.payment.support;

import io.paystream.contracts.card.Luhn;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds Luhn-valid 12–19 digit runs (possible PANs, ISO/IEC 7812-1) in text. */
public final class PanScanner {

  private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9])[0-9]{12,19}(?![0-9])");

  private static final long FIVE_YEARS_MS = 5L * 366 * 24 * 3600 * 1000;

  private PanScanner() {}

  /**
   * A 13-digit run within five years of now, read as epoch milliseconds, is a timestamp (Kafka logs
   * {@code startTimeMs}); no 13-digit PAN starts with 1 (they are Visa, prefix 4).
   */
  static boolean isEpochMillis(String run) {
    if (run.length() != 13 || run.charAt(0) != '1') {
      return false;
    }
    long value = Long.parseLong(run);
    return Math.abs(value - System.currentTimeMillis()) < FIVE_YEARS_MS;
  }

  /** Every Luhn-valid 12–19 digit run in {@code text}, masked for the failure message. */
  public static List<String> findPans(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = DIGIT_RUN.matcher(text);
    while (m.find()) {
      String run = m.group();
      if (Luhn.isValid(run) && !isEpochMillis(run)) {
        found.add(run.substring(0, 6) + "…" + run.substring(run.length() - 4));
      }
    }
    return found;
  }
}
