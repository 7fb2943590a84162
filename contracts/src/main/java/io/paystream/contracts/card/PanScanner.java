package io.paystream.contracts.card;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds card numbers in text: runs of 12–19 digits that pass the Luhn check (ISO/IEC 7812-1, the
 * lengths of {@link CardNumbers}: Maestro issues 12-digit cards), as one run or in the printed
 * groupings {@code 4-4-4[-4[-1..3]]} and {@code 4-6-4|5} separated by one space or dash.
 * Thread-safe.
 *
 * <p>What is <em>not</em> a card number, so that the scan does not fail on ordinary data (one
 * Luhn-valid run in ten would otherwise be reported):
 *
 * <ul>
 *   <li>a digit run touching a letter or another digit (fragments of hex digests, base64 tokens,
 *       UUIDs, identifiers such as {@code tf-c0-1});
 *   <li>a run after a {@code +}: an E.164 phone number ({@code +971501234567890});
 *   <li>a run the caller declares a known identifier ({@code allowed}): the simulator passes the
 *       digit runs of the identifiers it registered itself — TabFormer merchant names are signed
 *       64-bit numbers ({@code Merchant -<19 digits>}), one in ten Luhn-valid. Counted in {@link
 *       Result#ignoredKnown()};
 *   <li>W3C Trace Context ids: a {@code traceparent} value ({@code 00-<32 hex>-<16 hex>-<2 hex>},
 *       in a Kafka header or a log line) and the values of {@code traceId}/{@code spanId} (also
 *       {@code trace.id}/{@code span.id}) fields: a 16-hex span id is all decimal digits about once
 *       in 2,000 and then Luhn-valid one time in ten;
 *   <li>parts of a UUID: its three middle groups ({@code 0190b6c2-4412-7532-8812-68ff0a1b2c3d})
 *       read as a dash-grouped 4-4-4 number, and its 12-hex last group is all digits, each about
 *       once in 300 UUIDs (a dash-grouped run is only a card number when it is not part of a longer
 *       dash-separated token);
 *   <li>the fraction digits of a decimal ({@code 37.5665350000000021}: preceded by a digit and a
 *       dot);
 *   <li>an epoch timestamp: a 13-, 16- or 19-digit run starting with {@code 1} that read as
 *       milliseconds, microseconds or nanoseconds falls within 2000-01-01 .. 2100-01-01, i.e.
 *       2001-09-09 .. 2033-05-18 (no card scheme issues 13-, 16- or 19-digit numbers starting with
 *       {@code 1}; UATP's are 15 digits). Counted in {@link Result#ignoredTimestamps()}.
 * </ul>
 */
public final class PanScanner {

  /** The first four groups of a UUID: its 12-hex last group can be all digits. */
  private static final String UUID_HEAD =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-";

  private static final Pattern RUN =
      Pattern.compile(
          "(?<![0-9A-Za-z+])(?<!\\d\\.)(?<!" + UUID_HEAD + ")\\d{12,19}(?![0-9A-Za-z])");
  private static final Pattern ANY_RUN = Pattern.compile("(?<!\\d)\\d{12,19}(?!\\d)");
  private static final Pattern GROUPED =
      Pattern.compile(
          "(?<![0-9A-Za-z]|[0-9A-Za-z]-)(?:\\d{4}([ -])\\d{4}\\1\\d{4}(?:\\1\\d{4}(?:\\1\\d{1,3})?)?"
              + "|\\d{4}([ -])\\d{6}\\2\\d{4,5})(?![0-9A-Za-z]|-[0-9A-Za-z])");

  private static final Pattern TRACE_IDS =
      Pattern.compile(
          "\\b[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}\\b"
              + "|\"(?:traceId|spanId|trace\\.id|span\\.id|trace_id|span_id)\"\\s*:\\s*\"[0-9a-f]{16,32}\"");

  private static final long MIN_EPOCH_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX_EPOCH_MS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

  /**
   * What one text contained.
   *
   * @param masked the card numbers found, masked to BIN and last four ({@link CardNumbers#mask})
   * @param ignoredTimestamps Luhn-valid runs skipped as epoch timestamps
   * @param ignoredKnown Luhn-valid runs skipped as declared identifiers
   */
  public record Result(List<String> masked, int ignoredTimestamps, int ignoredKnown) {

    /** No card number found. */
    public boolean clean() {
      return masked.isEmpty();
    }
  }

  private PanScanner() {}

  /** Scans one text (a log line, a record, a row); never returns a PAN unmasked. */
  public static Result scan(CharSequence text) {
    return scan(text, Set.of());
  }

  /**
   * Scans one text, skipping the digit runs in {@code allowed} (known non-card identifiers, see
   * {@link #digitRuns}); never returns a PAN unmasked.
   */
  public static Result scan(CharSequence text, Set<String> allowed) {
    List<String> found = new ArrayList<>();
    int timestamps = 0;
    int known = 0;
    if (text == null || text.length() < CardNumbers.MIN_DIGITS) {
      return new Result(found, 0, 0);
    }
    text = TRACE_IDS.matcher(text).replaceAll(" ");
    Matcher run = RUN.matcher(text);
    while (run.find()) {
      String digits = run.group();
      if (!Luhn.isValid(digits)) {
        continue;
      }
      if (isEpochTimestamp(digits)) {
        timestamps++;
        continue;
      }
      if (allowed.contains(digits)) {
        known++;
        continue;
      }
      found.add(CardNumbers.mask(digits));
    }
    Matcher grouped = GROUPED.matcher(text);
    while (grouped.find()) {
      String digits = grouped.group().replaceAll("[ -]", "");
      if (Luhn.isValid(digits)) {
        found.add(CardNumbers.mask(digits));
      }
    }
    return new Result(found, timestamps, known);
  }

  /** The 12–19 digit runs in {@code text} (for declaring identifiers as known). */
  public static List<String> digitRuns(String text) {
    List<String> runs = new ArrayList<>();
    if (text != null) {
      Matcher m = ANY_RUN.matcher(text);
      while (m.find()) {
        runs.add(m.group());
      }
    }
    return runs;
  }

  /**
   * {@code true} for a 13-, 16- or 19-digit run starting with {@code 1} that is an epoch time in
   * ms, µs or ns between 2000 and 2100.
   */
  static boolean isEpochTimestamp(String digits) {
    if (digits.charAt(0) != '1') {
      return false;
    }
    long millis;
    switch (digits.length()) {
      case 13 -> millis = Long.parseLong(digits);
      case 16 -> millis = Long.parseLong(digits) / 1_000L;
      case 19 -> millis = Long.parseLong(digits) / 1_000_000L;
      default -> {
        return false;
      }
    }
    return millis >= MIN_EPOCH_MS && millis < MAX_EPOCH_MS;
  }
}
