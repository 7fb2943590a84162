package io.paystream.benefit.tip;

import static io.paystream.benefit.TestCatalog.FLAT;
import static io.paystream.benefit.TestCatalog.GROCER;
import static io.paystream.benefit.TestCatalog.MILES;
import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.benefit.TestCatalog;
import io.paystream.benefit.earning.Purchase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TipPolicyTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 21);
  private final TipAdvisor advisor = new TipAdvisor(TestCatalog.catalog());
  private final TipPolicy policy = new TipPolicy(100, 50, 1_000);

  private final HeldCard grocer = new HeldCard("tok-g", "Visa", "1111", GROCER);
  private final HeldCard flat = new HeldCard("tok-f", "Mastercard", "2222", FLAT);
  private final HeldCard miles = new HeldCard("tok-m", "Amex", "3333", MILES);

  private TipDecision decide(long amount, String mcc, HeldCard used, Map<String, Long> usage) {
    Purchase purchase = new Purchase(amount, "USD", mcc, DAY);
    TipAssessment assessment =
        advisor.assess(
            purchase,
            used,
            List.of(grocer, flat, miles),
            (card, rule) -> usage.getOrDefault(card + "/" + rule, 0L));
    return policy.decide(purchase, assessment);
  }

  @Test
  void customerWithThreeCardsPayingGroceriesWithTheWrongCardIsToldToUseTheGroceryCard() {
    // when: 80.00 at a supermarket with the flat 1.5 % card (earns 1.20); grocery card earns 4.00
    TipDecision decision = decide(8_000, "5411", flat, Map.of());
    // then
    assertThat(decision.kind()).isEqualTo(TipKind.BETTER_CARD);
    assertThat(decision.card().card().displayName()).isEqualTo("Visa 1111");
    assertThat(decision.differenceMinor()).isEqualTo(280);
  }

  @Test
  void groceryCardWhoseCapIsUsedUpIsNotSuggested() {
    // given: the grocery card's 5 % cap is used up this month -> it earns its 1 % base only
    TipDecision decision = decide(8_000, "5411", flat, Map.of("tok-g/1", 1_500L));
    // then: flat 1.5 % is already the best held card; the catalog's best is not held ... none
    assertThat(decision.kind()).isNotEqualTo(TipKind.BETTER_CARD);
  }

  @Test
  void noTipWhenTheDifferenceIsUnderTheMargin() {
    // 20.00 grocery with flat: 0.30 vs grocer 1.00 -> 0.70 >= max(0.20, 0.50) -> tip
    assertThat(decide(2_000, "5411", flat, Map.of()).kind()).isEqualTo(TipKind.BETTER_CARD);
    // 12.00 at a restaurant with flat: 0.18; miles 1 pt/$ = 12 pts = 0.15 -> nothing better
    assertThat(decide(1_200, "5812", flat, Map.of()).reason())
        .isEqualTo(NoTipReason.NOTHING_BETTER);
  }

  @Test
  void marginIsTheLargerOfOnePercentAndTheMinimum() {
    assertThat(policy.marginFor(1_000)).isEqualTo(50);
    assertThat(policy.marginFor(5_000)).isEqualTo(50);
    assertThat(policy.marginFor(100_000)).isEqualTo(1_000);
  }

  @Test
  void noTipForRefundsOrPaymentsUnderTheFloor() {
    assertThat(decide(-8_000, "5411", flat, Map.of()).reason()).isEqualTo(NoTipReason.REFUND);
    assertThat(decide(0, "5411", flat, Map.of()).reason()).isEqualTo(NoTipReason.REFUND);
    assertThat(decide(999, "5411", flat, Map.of()).reason()).isEqualTo(NoTipReason.BELOW_FLOOR);
  }

  @Test
  void productNotHeldIsSuggestedWhenNoHeldCardComesClose() {
    // given: a customer holding only the flat card pays 200.00 fuel in 2026; FUELER pays 4 %
    Purchase purchase = new Purchase(20_000, "USD", "5541", DAY);
    TipAssessment assessment = advisor.assess(purchase, flat, List.of(flat), (c, r) -> 0);
    TipDecision decision = policy.decide(purchase, assessment);
    // then: 8.00 vs 3.00
    assertThat(decision.kind()).isEqualTo(TipKind.PRODUCT_SUGGESTION);
    assertThat(decision.product().product().code()).isEqualTo("FUELER");
    assertThat(decision.differenceMinor()).isEqualTo(500);
    assertThat(assessment.bestPossibleValueMinor()).isEqualTo(800);
  }

  @Test
  void throttleBlocksWithinAWeekOfEventTimeInEitherDirection() {
    TipThrottle throttle = new TipThrottle(Duration.ofDays(7));
    Instant t = Instant.parse("2026-11-21T10:00:00Z");
    assertThat(throttle.blocks(t, t.plus(Duration.ofDays(6)))).isTrue();
    assertThat(throttle.blocks(t, t.minus(Duration.ofDays(3)))).isTrue();
    assertThat(throttle.blocks(t, t.plus(Duration.ofDays(7)))).isFalse();
    assertThat(TipThrottle.categoryKey("grocery")).isEqualTo("grocery");
    assertThat(TipThrottle.categoryKey(null)).isEqualTo("other");
  }

  @Test
  void differenceIsFormattedWithTheCurrencysFractionDigits() {
    assertThat(MinorUnits.withCurrency(280, "USD")).isEqualTo("2.80 USD");
    assertThat(MinorUnits.withCurrency(1_500, "KRW")).isEqualTo("1500 KRW");
  }
}
