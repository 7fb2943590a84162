package io.paystream.fds.rule;

import io.paystream.contracts.event.TravelAssessment;
import java.util.Objects;

/**
 * One rule's finding.
 *
 * @param reasonCode the rule's reason code
 * @param verdict what it says
 * @param travel impossible-travel figures when the rule computed them, else {@code null}
 */
public record RuleResult(String reasonCode, Verdict verdict, TravelAssessment travel) {

  public RuleResult {
    Objects.requireNonNull(reasonCode, "reasonCode");
    Objects.requireNonNull(verdict, "verdict");
  }

  /** A finding without figures. */
  public static RuleResult of(String reasonCode, Verdict verdict) {
    return new RuleResult(reasonCode, verdict, null);
  }
}
