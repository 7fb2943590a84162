package io.paystream.loyalty.regulars;

/**
 * Masks a person's name for a merchant's screen: each word keeps its first letter (code point), the
 * rest becomes {@code *} (one per code point, at least two), e.g. {@code "Kim Min-su"} → {@code
 * "K** M*****"}, {@code "이민수"} → {@code "이**"}. Blank or missing → {@code "***"}.
 */
public final class NameMasker {

  private NameMasker() {}

  /** The masked form of {@code name}. */
  public static String mask(String name) {
    if (name == null || name.isBlank()) {
      return "***";
    }
    StringBuilder out = new StringBuilder();
    for (String word : name.trim().split("\\s+")) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      int first = word.codePointAt(0);
      out.appendCodePoint(first);
      int rest = Math.max(2, word.codePointCount(0, word.length()) - 1);
      out.append("*".repeat(rest));
    }
    return out.toString();
  }
}
