package io.paystream.fds.ruleset;

import java.util.List;

/**
 * A rule set as operators write it: {@code {"rules":[{"name":..., "expression":..., "action":...,
 * "mode":..., "description":...}]}}. Rules are evaluated in order; the order matters only for the
 * order of the reason codes.
 *
 * @param rules the rules, at most {@link RuleCompiler#MAX_RULES}
 */
public record RuleSetDefinition(List<RuleDefinition> rules) {

  public RuleSetDefinition {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
