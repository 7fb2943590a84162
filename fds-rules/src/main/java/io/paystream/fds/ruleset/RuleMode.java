package io.paystream.fds.ruleset;

import java.util.Locale;

/** Whether a rule acts: {@code active} rules decide, {@code shadow} rules are only counted. */
public enum RuleMode {
  /** Evaluated and acted on. */
  ACTIVE,
  /** Evaluated and counted (metric, ledger), never decisive. */
  SHADOW;

  /** The name in a rule set's JSON. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode named {@code json}; {@code null} means {@code active}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static RuleMode fromJson(String json) {
    if (json == null) {
      return ACTIVE;
    }
    for (RuleMode m : values()) {
      if (m.json().equals(json)) {
        return m;
      }
    }
    throw new IllegalArgumentException("mode must be active or shadow: " + json);
  }
}
