package io.paystream.benefit.catalog;

/**
 * An inclusive range of ISO 18245 merchant category codes, e.g. {@code 3000–3299} (airlines) or a
 * single code {@code 5411–5411}.
 *
 * @param from first code, 0–9999
 * @param to last code, {@code from}–9999
 */
public record MccRange(int from, int to) {

  public MccRange {
    if (from < 0 || to > 9999 || to < from) {
      throw new IllegalArgumentException("invalid MCC range " + from + "-" + to);
    }
  }

  /** Whether {@code mcc} is in this range. */
  public boolean contains(int mcc) {
    return mcc >= from && mcc <= to;
  }
}
