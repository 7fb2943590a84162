package io.paystream.fds.ruleset;

import io.paystream.contracts.serde.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/** Reading and writing rule sets as JSON, and the built-in default set. */
public final class RuleSets {

  /** The classpath resource holding the default rule set (version 0). */
  public static final String DEFAULT_RESOURCE = "/io/paystream/fds/ruleset/default-rules.json";

  private static final CompiledRuleSet DEFAULTS = compileDefaults();

  private RuleSets() {}

  /**
   * The built-in default rule set, version 0: what fds applies while {@code ledger.fraud_rule_sets}
   * is empty, and what the backtest runs without {@code --rules}. Today's three checks (impossible
   * travel, velocity, amount spike) are active; the three history rules ({@code
   * new_merchant_online}, {@code new_merchant_burst}, {@code new_country}) ship in shadow mode, to
   * be turned on by an operator after their shadow hits are reviewed
   * (docs/runbooks/fraud-rules.md).
   */
  public static CompiledRuleSet defaults() {
    return DEFAULTS;
  }

  /**
   * {@code set} with every shadow rule made active, same version: what turning the shadow rules on
   * would do (the backtest's {@code --activate-shadow}).
   */
  public static CompiledRuleSet withShadowActive(CompiledRuleSet set) {
    List<RuleDefinition> rules =
        set.definition().rules().stream()
            .map(
                r ->
                    "shadow".equals(r.mode())
                        ? new RuleDefinition(
                            r.name(), r.expression(), r.action(), "active", r.description())
                        : r)
            .toList();
    return RuleCompiler.compile(new RuleSetDefinition(rules), set.version());
  }

  /** The default rule set's JSON, as shipped. */
  public static String defaultJson() {
    try (InputStream in = RuleSets.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a rule set's JSON ({@code {"rules":[...]}}).
   *
   * @throws InvalidRuleSetException when the text is not such JSON, with the line and column of the
   *     JSON error
   */
  public static RuleSetDefinition parse(String json) {
    try {
      RuleSetDefinition definition = EventJson.mapper().readValue(json, RuleSetDefinition.class);
      if (definition == null) {
        throw new InvalidRuleSetException(
            List.of(new RuleError(0, null, "json", 1, 1, "expected {\"rules\":[...]}")));
      }
      return definition;
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      int line = at == null ? 1 : Math.max(1, at.getLineNr());
      int column = at == null ? 1 : Math.max(1, at.getColumnNr());
      throw new InvalidRuleSetException(
          List.of(new RuleError(0, null, "json", line, column, e.getOriginalMessage())));
    }
  }

  /** Parses and compiles {@code json} as version {@code version}. */
  public static CompiledRuleSet compile(String json, long version) {
    return RuleCompiler.compile(parse(json), version);
  }

  /** The JSON of {@code definition}. */
  public static String toJson(RuleSetDefinition definition) {
    return EventJson.mapper().writeValueAsString(definition);
  }

  private static CompiledRuleSet compileDefaults() {
    return compile(defaultJson(), 0);
  }
}
