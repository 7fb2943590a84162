package io.paystream.fds.ruleset;

import java.util.List;

/**
 * What a rule set says about one payment.
 *
 * @param version the rule set's version
 * @param fired the active rules that fired, in rule order
 * @param shadowFired the shadow rules that fired, in rule order (never decisive)
 * @param action the decisive action of the active rules that fired ({@link RuleAction#ALLOW} wins,
 *     else the strictest), or {@code null} when none fired
 * @param failed rules whose evaluation failed (e.g. an overflow), counted as not fired
 */
public record RuleOutcome(
    long version,
    List<CompiledRule> fired,
    List<CompiledRule> shadowFired,
    RuleAction action,
    List<CompiledRule> failed) {

  public RuleOutcome {
    fired = List.copyOf(fired);
    shadowFired = List.copyOf(shadowFired);
    failed = List.copyOf(failed);
  }

  /** The reason codes of the active rules that fired, in rule order. */
  public List<String> reasonCodes() {
    return fired.stream().map(CompiledRule::reasonCode).toList();
  }

  /** The names of the active rules that fired. */
  public List<String> firedNames() {
    return fired.stream().map(CompiledRule::name).toList();
  }

  /** The names of the shadow rules that fired. */
  public List<String> shadowNames() {
    return shadowFired.stream().map(CompiledRule::name).toList();
  }
}
