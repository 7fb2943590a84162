package io.paystream.simulator.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.fds.rule.RuleSettings;
import io.paystream.fds.ruleset.RuleSets;
import io.paystream.simulator.PosSimulator;
import io.paystream.simulator.SharedData;
import io.paystream.simulator.model.Dataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The default rule set with its shadow rules turned on, on TabFormer users 0–2 (read where it is;
 * skipped when the shared data is absent), against the targets: at least 70 % of labelled
 * fraud stopped, at most 2.5 % of genuine payments stepped up and 0.1 % declined.
 */
class BacktestEngineTest {

  @Test
  void theDefaultRuleSetWithItsShadowRulesOnMeetsTheTargetsOnTabFormer() throws Exception {
    Path data = SharedData.require("tabformer");
    Dataset dataset = PosSimulator.loadDataset(data, "auto", null);

    BacktestResult result =
        new BacktestEngine(RuleSettings.DEFAULTS, true)
            .run(dataset, RuleSets.withShadowActive(RuleSets.defaults()), t -> true);

    assertThat(result.counts().fraud()).isEqualTo(100);
    assertThat(result.counts().fraudStoppedPct()).isGreaterThanOrEqualTo(70.0);
    assertThat(result.counts().genuineSteppedUpPct()).isLessThanOrEqualTo(2.5);
    assertThat(result.counts().genuineDeclinedPct()).isLessThanOrEqualTo(0.1);
    assertThat(result.perRule()).containsKey("impossible_travel");
  }
}
