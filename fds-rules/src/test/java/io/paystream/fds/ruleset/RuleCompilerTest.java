package io.paystream.fds.ruleset;

import static io.paystream.fds.TestPayments.NEW_YORK;
import static io.paystream.fds.TestPayments.SEOUL;
import static io.paystream.fds.TestPayments.T0;
import static io.paystream.fds.TestPayments.online;
import static io.paystream.fds.TestPayments.pos;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.fds.rule.CardProfile;
import io.paystream.fds.rule.Decision;
import io.paystream.fds.rule.FraudDecider;
import io.paystream.fds.rule.RuleSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleCompilerTest {

  private static final String CARD = "card-rules";

  private static RuleDefinition rule(String name, String expr, String action, String mode) {
    return new RuleDefinition(name, expr, action, mode, null);
  }

  @Test
  void aTypeErrorIsRefusedWithItsLineAndColumn() {
    RuleSetDefinition bad =
        new RuleSetDefinition(
            List.of(
                rule("ok", "amount > 10.0", "review", "active"),
                rule("bad", "card_present &&\n  amount > 'ten'", "decline", "active")));

    assertThatThrownBy(() -> RuleCompiler.compile(bad, 1))
        .isInstanceOfSatisfying(
            InvalidRuleSetException.class,
            e -> {
              RuleError error = e.errors().getFirst();
              assertThat(error.index()).isEqualTo(1);
              assertThat(error.rule()).isEqualTo("bad");
              assertThat(error.field()).isEqualTo("expression");
              assertThat(error.line()).isEqualTo(2);
              assertThat(error.column()).isEqualTo(10);
              assertThat(error.message()).contains("_>_");
            });
  }

  @Test
  void anUnknownVariableASyntaxErrorAndABadActionAreAllReported() {
    RuleSetDefinition bad =
        new RuleSetDefinition(
            List.of(
                rule("unknown", "errors_column == 'x'", "decline", null),
                rule("syntax", "amount >", "decline", null),
                rule("action", "true", "block", "loud")));

    assertThatThrownBy(() -> RuleCompiler.compile(bad, 1))
        .isInstanceOfSatisfying(
            InvalidRuleSetException.class,
            e -> {
              assertThat(e.errors())
                  .extracting(RuleError::rule, RuleError::field)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple("unknown", "expression"),
                      org.assertj.core.groups.Tuple.tuple("syntax", "expression"),
                      org.assertj.core.groups.Tuple.tuple("action", "action"),
                      org.assertj.core.groups.Tuple.tuple("action", "mode"));
              assertThat(e.errors().get(0).message()).contains("errors_column");
              assertThat(e.errors().get(1).line()).isEqualTo(1);
              assertThat(e.errors().get(1).column()).isGreaterThan(1);
            });
  }

  @Test
  void invalidJsonIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> RuleSets.parse("{\"rules\": [\n  {\"name\": }]}"))
        .isInstanceOfSatisfying(
            InvalidRuleSetException.class,
            e -> assertThat(e.errors().getFirst().line()).isEqualTo(2));
  }

  @Test
  void aShadowRuleIsReportedButNeverDecides() {
    CompiledRuleSet set =
        RuleCompiler.compile(
            new RuleSetDefinition(
                List.of(rule("all_online", "!card_present", "decline", "shadow"))),
            7);
    PaymentRequested p = online(CARD, T0);

    Decision decision =
        FraudDecider.standard().decide(p, CardProfile.newCard(CARD), RuleSettings.DEFAULTS, set);

    assertThat(decision.status()).isEqualTo(PaymentStatus.APPROVED);
    assertThat(decision.reasonCodes()).isEmpty();
    assertThat(decision.rules().version()).isEqualTo(7);
    assertThat(decision.rules().shadowNames()).containsExactly("all_online");
  }

  @Test
  void allowWinsOverDeclineAndDeclineOverStepUp() {
    CardProfile profile = CardProfile.newCard(CARD).record(pos(CARD, SEOUL, T0), true);
    PaymentRequested ny = pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(30)));
    RuleDefinition travel = rule("impossible_travel", "impossible_travel", "step_up", null);
    RuleDefinition decline = rule("far", "travel_distance_km > 5000.0", "decline", null);
    RuleDefinition allow = rule("vip", "country == 'US'", "allow", null);
    FraudDecider decider = FraudDecider.standard();

    assertThat(decider.decide(ny, profile, RuleSettings.DEFAULTS, compile(travel)).status())
        .isEqualTo(PaymentStatus.PENDING_VERIFICATION);
    Decision declined =
        decider.decide(ny, profile, RuleSettings.DEFAULTS, compile(travel, decline));
    assertThat(declined.status()).isEqualTo(PaymentStatus.DENIED);
    assertThat(declined.reasonCodes()).containsExactly("IMPOSSIBLE_TRAVEL", "FAR");
    assertThat(
            decider
                .decide(ny, profile, RuleSettings.DEFAULTS, compile(travel, decline, allow))
                .status())
        .isEqualTo(PaymentStatus.APPROVED);
  }

  @Test
  void theDefaultSetCompilesAndKeepsImpossibleTravelAsAStepUp() {
    CompiledRuleSet defaults = RuleSets.defaults();
    assertThat(defaults.version()).isZero();
    assertThat(defaults.rules())
        .anySatisfy(
            r -> {
              assertThat(r.name()).isEqualTo("impossible_travel");
              assertThat(r.action()).isEqualTo(RuleAction.STEP_UP);
              assertThat(r.mode()).isEqualTo(RuleMode.ACTIVE);
            });
  }

  @Test
  void theDefaultSetShipsTheHistoryRulesInShadowAndTheBacktestCanTurnThemOn() {
    CompiledRuleSet defaults = RuleSets.defaults();
    java.util.Set<String> history =
        java.util.Set.of("new_merchant_online", "new_merchant_burst", "new_country");
    assertThat(defaults.rules())
        .filteredOn(r -> history.contains(r.name()))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.mode()).isEqualTo(RuleMode.SHADOW));

    CompiledRuleSet on = RuleSets.withShadowActive(defaults);
    assertThat(on.version()).isZero();
    assertThat(on.rules()).allSatisfy(r -> assertThat(r.mode()).isEqualTo(RuleMode.ACTIVE));
  }

  private static CompiledRuleSet compile(RuleDefinition... rules) {
    return RuleCompiler.compile(new RuleSetDefinition(List.of(rules)), 1);
  }
}
