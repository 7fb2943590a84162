package io.paystream.fds.ruleset;

import dev.cel.runtime.CelRuntime;
import java.util.Locale;

/**
 * One checked rule with its CEL program, ready to evaluate.
 *
 * @param definition the rule as written
 * @param action what it does when it fires (active mode)
 * @param mode active or shadow
 * @param program the type-checked CEL program
 */
public record CompiledRule(
    RuleDefinition definition, RuleAction action, RuleMode mode, CelRuntime.Program program) {

  /** The rule's name. */
  public String name() {
    return definition.name();
  }

  /** The reason code a decision records when the rule fires: the name in upper case. */
  public String reasonCode() {
    return definition.name().toUpperCase(Locale.ROOT);
  }
}
