package io.paystream.verification.challenge;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cardholder's answer to a challenge: {@code YES <code>}, {@code NO} or {@code NO <code>}, or
 * something we could not read. Parsing is case-insensitive and tolerates surrounding and repeated
 * ASCII whitespace; a code must be exactly {@value OneTimeCodes#DIGITS} ASCII digits. The code of a
 * {@code NO} is optional: it only says which of several open challenges of one phone is declined.
 */
public sealed interface Reply {

  /** Approves the payment if {@code code} is the challenge's code. */
  record Yes(String code) implements Reply {
    public Yes {
      Objects.requireNonNull(code, "code");
    }

    @Override
    public String toString() {
      return "Yes[code=******]"; // never log a code
    }
  }

  /**
   * Rejects the payment: it was not the cardholder. {@code code} ({@code null} when the reply had
   * none) picks the challenge when the phone has several open; it is not a secret check, a
   * rejection never needs one.
   */
  record No(String code) implements Reply {
    /** A plain {@code NO} without a code. */
    public No() {
      this(null);
    }

    @Override
    public String toString() {
      return code == null ? "No[]" : "No[code=******]"; // never log a code
    }
  }

  /** Anything else: answered with a help message, never counted as an attempt. */
  record Unparseable() implements Reply {}

  /** Bodies longer than this are never parsed (an SMS segment is 160 GSM-7 characters). */
  int MAX_LENGTH = 160;

  /** Parses an SMS body; {@code null} or over-long bodies are {@link Unparseable}. */
  static Reply parse(String body) {
    if (body == null || body.length() > MAX_LENGTH) {
      return new Unparseable();
    }
    String normalized = body.strip().replaceAll("[ \\t\\r\\n]+", " ").toUpperCase(Locale.ROOT);
    if (normalized.equals("NO")) {
      return new No();
    }
    Matcher no = Parsing.NO.matcher(normalized);
    if (no.matches()) {
      return new No(no.group(1));
    }
    Matcher yes = Parsing.YES.matcher(normalized);
    if (yes.matches()) {
      return new Yes(yes.group(1));
    }
    return new Unparseable();
  }

  /** Maps an in-app decision ({@code YES}/{@code NO}) and code onto a reply. */
  static Reply ofDecision(String decision, String code) {
    if ("NO".equalsIgnoreCase(decision)) {
      return code != null && Parsing.CODE.matcher(code).matches() ? new No(code) : new No();
    }
    if ("YES".equalsIgnoreCase(decision) && code != null && Parsing.CODE.matcher(code).matches()) {
      return new Yes(code);
    }
    return new Unparseable();
  }

  /** Compiled patterns (interfaces cannot hold private fields). */
  final class Parsing {
    static final Pattern CODE = Pattern.compile("[0-9]{" + OneTimeCodes.DIGITS + "}");
    static final Pattern YES = Pattern.compile("YES ?([0-9]{" + OneTimeCodes.DIGITS + "})");
    static final Pattern NO = Pattern.compile("NO ?([0-9]{" + OneTimeCodes.DIGITS + "})");

    private Parsing() {}
  }
}
