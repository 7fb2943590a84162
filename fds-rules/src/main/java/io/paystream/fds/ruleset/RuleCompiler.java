package io.paystream.fds.ruleset;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.paystream.fds.risk.Feature;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and type-checks a rule set with CEL (cel-java) once, at save or load time, into {@link
 * CompiledRuleSet}'s programs; a payment only evaluates them. Every expression must be of type
 * {@code bool} over the variables of {@link Feature}. Thread-safe.
 */
public final class RuleCompiler {

  /** The most rules a set may hold. */
  public static final int MAX_RULES = 100;

  /** The longest expression accepted, in characters. */
  public static final int MAX_EXPRESSION_LENGTH = 2_000;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private static final CelCompiler COMPILER;
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  static {
    var builder = CelCompilerFactory.standardCelCompilerBuilder().setResultType(SimpleType.BOOL);
    for (Feature f : Feature.values()) {
      builder.addVar(f.variable(), celType(f.type()));
    }
    COMPILER = builder.build();
  }

  private RuleCompiler() {}

  /**
   * Compiles {@code definition} as version {@code version}.
   *
   * @throws InvalidRuleSetException listing every invalid rule: a bad or duplicate name, an unknown
   *     action or mode, an expression that does not parse or type-check (with its 1-based line and
   *     column), too many rules
   */
  public static CompiledRuleSet compile(RuleSetDefinition definition, long version) {
    List<RuleError> errors = new ArrayList<>();
    List<CompiledRule> compiled = new ArrayList<>();
    if (definition.rules().size() > MAX_RULES) {
      errors.add(new RuleError(MAX_RULES, null, "rules", 0, 0, "at most " + MAX_RULES + " rules"));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < definition.rules().size(); i++) {
      RuleDefinition rule = definition.rules().get(i);
      if (rule == null) {
        errors.add(new RuleError(i, null, "rule", 0, 0, "must be an object"));
        continue;
      }
      String name = rule.name();
      int before = errors.size();
      if (name == null || !NAME.matcher(name).matches()) {
        errors.add(new RuleError(i, name, "name", 0, 0, "must match [a-z][a-z0-9_]{0,62}"));
      } else if (!names.add(name)) {
        errors.add(new RuleError(i, name, "name", 0, 0, "duplicate rule name"));
      }
      RuleAction action = null;
      try {
        action = RuleAction.fromJson(rule.action());
      } catch (IllegalArgumentException e) {
        errors.add(new RuleError(i, name, "action", 0, 0, e.getMessage()));
      }
      RuleMode mode = null;
      try {
        mode = RuleMode.fromJson(rule.mode());
      } catch (IllegalArgumentException e) {
        errors.add(new RuleError(i, name, "mode", 0, 0, e.getMessage()));
      }
      CelRuntime.Program program = null;
      String expression = rule.expression();
      if (expression == null || expression.isBlank()) {
        errors.add(new RuleError(i, name, "expression", 0, 0, "must not be empty"));
      } else if (expression.length() > MAX_EXPRESSION_LENGTH) {
        errors.add(
            new RuleError(
                i,
                name,
                "expression",
                0,
                0,
                "longer than " + MAX_EXPRESSION_LENGTH + " characters"));
      } else {
        CelValidationResult result = COMPILER.compile(expression);
        if (result.hasError()) {
          for (CelIssue issue : result.getErrors()) {
            int line = Math.max(1, issue.getSourceLocation().getLine());
            int column = Math.max(0, issue.getSourceLocation().getColumn()) + 1;
            errors.add(new RuleError(i, name, "expression", line, column, issue.getMessage()));
          }
        } else {
          try {
            CelAbstractSyntaxTree ast = result.getAst();
            program = RUNTIME.createProgram(ast);
          } catch (Exception e) {
            errors.add(new RuleError(i, name, "expression", 1, 1, String.valueOf(e.getMessage())));
          }
        }
      }
      if (errors.size() == before) {
        compiled.add(new CompiledRule(rule, action, mode, program));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRuleSetException(errors);
    }
    return new CompiledRuleSet(version, definition, compiled);
  }

  private static CelType celType(Feature.Type type) {
    return switch (type) {
      case INT -> SimpleType.INT;
      case DOUBLE -> SimpleType.DOUBLE;
      case BOOL -> SimpleType.BOOL;
      case STRING -> SimpleType.STRING;
    };
  }
}
