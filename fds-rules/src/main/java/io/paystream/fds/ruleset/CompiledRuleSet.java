package io.paystream.fds.ruleset;

import io.paystream.fds.risk.RiskFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * A versioned, compiled rule set: evaluating it runs the stored CEL programs, no parsing. Immutable
 * and thread-safe.
 *
 * @param version the stored version ({@code fraud_rule_sets.version}; 0 = the built-in default)
 * @param definition the rules as written
 * @param rules the compiled rules, in order
 */
public record CompiledRuleSet(
    long version, RuleSetDefinition definition, List<CompiledRule> rules) {

  public CompiledRuleSet {
    rules = List.copyOf(rules);
  }

  /** Evaluates every rule (shadow ones too) on {@code features}. */
  public RuleOutcome evaluate(RiskFeatures features) {
    List<CompiledRule> fired = new ArrayList<>();
    List<CompiledRule> shadow = new ArrayList<>();
    List<CompiledRule> failed = List.of();
    RuleAction decisive = null;
    for (CompiledRule rule : rules) {
      boolean hit;
      try {
        hit = Boolean.TRUE.equals(rule.program().eval(features.variables()));
      } catch (Exception e) {
        if (failed.isEmpty()) {
          failed = new ArrayList<>();
        }
        failed.add(rule);
        continue;
      }
      if (!hit) {
        continue;
      }
      if (rule.mode() == RuleMode.SHADOW) {
        shadow.add(rule);
        continue;
      }
      fired.add(rule);
      if (decisive != RuleAction.ALLOW
          && (decisive == null
              || rule.action() == RuleAction.ALLOW
              || rule.action().compareTo(decisive) > 0)) {
        decisive = rule.action();
      }
    }
    return new RuleOutcome(version, fired, shadow, decisive, failed);
  }
}
