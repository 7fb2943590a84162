package io.paystream.fds.rule;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The rule thresholds in force now: re-bound after each configuration refresh. */
@Component
public class RuleSettingsProvider {

  private final ObjectProvider<FdsRulesProperties> properties;

  public RuleSettingsProvider(ObjectProvider<FdsRulesProperties> properties) {
    this.properties = properties;
  }

  /** The current thresholds. */
  public RuleSettings current() {
    return properties.getObject().toRuleSettings();
  }
}
