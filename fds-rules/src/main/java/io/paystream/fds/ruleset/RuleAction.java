package io.paystream.fds.ruleset;

import java.util.Locale;

/**
 * What an active rule that fires does to a payment, from mildest to strictest. Decisive order: an
 * {@code allow} that fires wins over every other rule (not over a blocked or suspended card); else
 * the strictest of {@code decline} (→ {@code DENIED}), {@code step_up} (→ {@code
 * PENDING_VERIFICATION}, SMS verification); {@code review} only flags (the payment is approved and
 * the rule's code is recorded).
 */
public enum RuleAction {
  /** Flag only. */
  REVIEW,
  /** Hold for the cardholder's step-up verification. */
  STEP_UP,
  /** Decline. */
  DECLINE,
  /** Approve, whatever other rules say. */
  ALLOW;

  /**
   * The name in a rule set's JSON: {@code allow}, {@code review}, {@code step_up}, {@code decline}.
   */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The action named {@code json}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static RuleAction fromJson(String json) {
    for (RuleAction a : values()) {
      if (a.json().equals(json)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "action must be one of allow, review, step_up, decline: " + json);
  }
}
