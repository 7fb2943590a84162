package io.paystream.fds.rule;

import static io.paystream.fds.TestPayments.NEW_YORK;
import static io.paystream.fds.TestPayments.SEOUL;
import static io.paystream.fds.TestPayments.T0;
import static io.paystream.fds.TestPayments.online;
import static io.paystream.fds.TestPayments.payment;
import static io.paystream.fds.TestPayments.pos;
import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.fds.travel.ImpossibleTravelSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RulesTest {

  private static final String CARD = "k1_card";

  private static CardProfile withPayments(CardProfile profile, PaymentRequested... payments) {
    for (PaymentRequested p : payments) {
      profile = profile.record(p, true);
    }
    return profile;
  }

  private static PaymentRequested amount(long minor, String currency, Instant at) {
    return payment(UUID.randomUUID().toString(), CARD, Channel.ONLINE, null, at, minor, currency);
  }

  @Nested
  class CardStatusRuleTest {

    private final CardStatusRule rule = new CardStatusRule();

    @Test
    void deniesEveryPaymentOnABlockedCard() {
      CardProfile blocked = CardProfile.newCard(CARD).withStatus(CardStatus.BLOCKED);

      assertThat(rule.evaluate(pos(CARD, SEOUL, T0), blocked, RuleSettings.DEFAULTS))
          .isEqualTo(RuleResult.of(ReasonCodes.CARD_BLOCKED, Verdict.DENY));
      assertThat(rule.evaluate(online(CARD, T0), blocked, RuleSettings.DEFAULTS).verdict())
          .isEqualTo(Verdict.DENY);
    }

    @Test
    void deniesOnlyCardPresentPaymentsOnASuspendedCard() {
      CardProfile suspended = CardProfile.newCard(CARD).withStatus(CardStatus.SUSPENDED);

      assertThat(rule.evaluate(pos(CARD, SEOUL, T0), suspended, RuleSettings.DEFAULTS))
          .isEqualTo(RuleResult.of(ReasonCodes.CARD_SUSPENDED, Verdict.DENY));
      assertThat(rule.evaluate(online(CARD, T0), suspended, RuleSettings.DEFAULTS).verdict())
          .isEqualTo(Verdict.PASS);
    }

    @Test
    void reportsEveryFindingUnderACodeItDeclares() {
      RuleSettings off =
          new RuleSettings(
              RuleSettings.DEFAULTS.impossibleTravel(),
              new CardStatusSettings(false),
              RuleSettings.DEFAULTS.velocity(),
              RuleSettings.DEFAULTS.amountSpike());

      for (CardStatus status : CardStatus.values()) {
        CardProfile profile = CardProfile.newCard(CARD).withStatus(status);
        for (PaymentRequested payment : List.of(pos(CARD, SEOUL, T0), online(CARD, T0))) {
          for (RuleSettings settings : List.of(RuleSettings.DEFAULTS, off)) {
            assertThat(rule.reasonCodes())
                .as("%s card, %s, %s", status, payment.channel(), settings.cardStatus())
                .contains(rule.evaluate(payment, profile, settings).reasonCode());
          }
        }
      }
      assertThat(rule.reasonCodes())
          .containsExactly(ReasonCodes.CARD_BLOCKED, ReasonCodes.CARD_SUSPENDED);
    }

    @Test
    void passesAnActiveCardAndAnyCardWhenDisabled() {
      CardProfile blocked = CardProfile.newCard(CARD).withStatus(CardStatus.BLOCKED);
      RuleSettings off =
          new RuleSettings(
              RuleSettings.DEFAULTS.impossibleTravel(),
              new CardStatusSettings(false),
              RuleSettings.DEFAULTS.velocity(),
              RuleSettings.DEFAULTS.amountSpike());

      assertThat(
              rule.evaluate(pos(CARD, SEOUL, T0), CardProfile.newCard(CARD), RuleSettings.DEFAULTS)
                  .verdict())
          .isEqualTo(Verdict.PASS);
      assertThat(rule.evaluate(pos(CARD, SEOUL, T0), blocked, off).verdict())
          .isEqualTo(Verdict.PASS);
    }
  }

  @Nested
  class VelocityRuleTest {

    private final VelocityRule rule = new VelocityRule();

    private CardProfile paymentsAt(Instant... times) {
      CardProfile profile = CardProfile.newCard(CARD);
      for (Instant t : times) {
        profile = profile.record(online(CARD, t), true);
      }
      return profile;
    }

    @Test
    void allowsExactlyMaxPaymentsInTheWindow() {
      // 4 earlier + this one = 5 = maxPayments
      CardProfile profile =
          paymentsAt(T0, T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30));

      RuleResult result =
          rule.evaluate(online(CARD, T0.plusSeconds(60)), profile, RuleSettings.DEFAULTS);

      assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void holdsOneMoreThanMaxPaymentsInTheWindow() {
      CardProfile profile =
          paymentsAt(
              T0, T0.plusSeconds(10), T0.plusSeconds(20), T0.plusSeconds(30), T0.plusSeconds(40));

      RuleResult result =
          rule.evaluate(online(CARD, T0.plusSeconds(60)), profile, RuleSettings.DEFAULTS);

      assertThat(result).isEqualTo(RuleResult.of(ReasonCodes.VELOCITY, Verdict.STEP_UP));
    }

    @Test
    void aPaymentJustOutsideTheWindowDoesNotCount() {
      CardProfile profile =
          paymentsAt(
              T0.minusMillis(1),
              T0.plusSeconds(10),
              T0.plusSeconds(20),
              T0.plusSeconds(30),
              T0.plusSeconds(40));

      RuleResult result =
          rule.evaluate(online(CARD, T0.plusSeconds(60)), profile, RuleSettings.DEFAULTS);

      assertThat(result.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void thresholdsComeFromTheSettings() {
      CardProfile profile = paymentsAt(T0);
      RuleSettings strict =
          new RuleSettings(
              RuleSettings.DEFAULTS.impossibleTravel(),
              RuleSettings.DEFAULTS.cardStatus(),
              new VelocitySettings(true, 1, Duration.ofMinutes(5)),
              RuleSettings.DEFAULTS.amountSpike());

      assertThat(rule.evaluate(online(CARD, T0.plusSeconds(240)), profile, strict).verdict())
          .isEqualTo(Verdict.STEP_UP);
      assertThat(rule.evaluate(online(CARD, T0.plusSeconds(301)), profile, strict).verdict())
          .isEqualTo(Verdict.PASS);
    }
  }

  @Nested
  class AmountSpikeRuleTest {

    private final AmountSpikeRule rule = new AmountSpikeRule();

    private CardProfile typical(int count, long minor, String currency) {
      CardProfile profile = CardProfile.newCard(CARD);
      for (int i = 0; i < count; i++) {
        profile = profile.record(amount(minor, currency, T0.plus(Duration.ofHours(i))), true);
      }
      return profile;
    }

    @Test
    void exactlyTheMultipleOfTheTypicalAmountPasses() {
      CardProfile profile = typical(5, 1_000, "USD");

      assertThat(
              rule.evaluate(
                      amount(10_000, "USD", T0.plus(Duration.ofDays(1))),
                      profile,
                      RuleSettings.DEFAULTS)
                  .verdict())
          .isEqualTo(Verdict.PASS);
    }

    @Test
    void oneMinorUnitAboveTheMultipleIsHeld() {
      CardProfile profile = typical(5, 1_000, "USD");

      assertThat(
              rule.evaluate(
                  amount(10_001, "USD", T0.plus(Duration.ofDays(1))),
                  profile,
                  RuleSettings.DEFAULTS))
          .isEqualTo(RuleResult.of(ReasonCodes.AMOUNT_SPIKE, Verdict.STEP_UP));
    }

    @Test
    void tooFewSamplesPass() {
      CardProfile profile = typical(4, 1_000, "USD");

      assertThat(
              rule.evaluate(
                      amount(1_000_000, "USD", T0.plus(Duration.ofDays(1))),
                      profile,
                      RuleSettings.DEFAULTS)
                  .verdict())
          .isEqualTo(Verdict.PASS);
    }

    @Test
    void onlyPaymentsInTheSameCurrencyAreTypical() {
      CardProfile profile = typical(5, 1_000, "KRW");

      assertThat(
              rule.evaluate(
                      amount(1_000_000, "USD", T0.plus(Duration.ofDays(1))),
                      profile,
                      RuleSettings.DEFAULTS)
                  .verdict())
          .isEqualTo(Verdict.PASS);
    }

    @Test
    void theTypicalAmountIsTheMedianSoOneLargePaymentDoesNotLiftIt() {
      CardProfile profile =
          withPayments(
              typical(5, 1_000, "USD"), amount(5_000_000, "USD", T0.plus(Duration.ofHours(10))));

      assertThat(
              rule.evaluate(
                      amount(20_000, "USD", T0.plus(Duration.ofDays(1))),
                      profile,
                      RuleSettings.DEFAULTS)
                  .verdict())
          .isEqualTo(Verdict.STEP_UP);
    }
  }

  @Nested
  class FraudDeciderTest {

    private final FraudDecider decider = FraudDecider.standard();

    @Test
    void approvesWhenNoRuleObjects() {
      Decision decision =
          decider.decide(pos(CARD, SEOUL, T0), CardProfile.newCard(CARD), RuleSettings.DEFAULTS);

      assertThat(decision.status()).isEqualTo(PaymentStatus.APPROVED);
      assertThat(decision.reasonCodes()).isEmpty();
      assertThat(decision.travel()).isNull();
    }

    @Test
    void holdsImpossibleTravelAndCarriesTheFigures() {
      CardProfile profile = withPayments(CardProfile.newCard(CARD), pos(CARD, SEOUL, T0));

      Decision decision =
          decider.decide(
              pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(30))), profile, RuleSettings.DEFAULTS);

      assertThat(decision.status()).isEqualTo(PaymentStatus.PENDING_VERIFICATION);
      assertThat(decision.reasonCodes()).containsExactly(ReasonCodes.IMPOSSIBLE_TRAVEL);
      assertThat(decision.travel().distanceKm()).isGreaterThan(10_000);
    }

    @Test
    void aDenialOutranksAStepUpAndEveryObjectionIsReported() {
      CardProfile profile =
          withPayments(CardProfile.newCard(CARD), pos(CARD, SEOUL, T0))
              .withStatus(CardStatus.SUSPENDED);

      Decision decision =
          decider.decide(
              pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(30))), profile, RuleSettings.DEFAULTS);

      assertThat(decision.status()).isEqualTo(PaymentStatus.DENIED);
      assertThat(decision.reasonCodes())
          .containsExactly(ReasonCodes.CARD_SUSPENDED, ReasonCodes.IMPOSSIBLE_TRAVEL);
    }

    @Test
    void changedThresholdsChangeTheDecision() {
      CardProfile profile = withPayments(CardProfile.newCard(CARD), pos(CARD, SEOUL, T0));
      PaymentRequested ny = pos(CARD, NEW_YORK, T0.plus(Duration.ofMinutes(30)));
      RuleSettings rocket =
          new RuleSettings(
              new ImpossibleTravelSettings(true, 30_000, 500),
              RuleSettings.DEFAULTS.cardStatus(),
              RuleSettings.DEFAULTS.velocity(),
              RuleSettings.DEFAULTS.amountSpike());

      assertThat(decider.decide(ny, profile, rocket).status()).isEqualTo(PaymentStatus.APPROVED);
    }
  }
}
