package io.paystream.benefit.earning;

import static io.paystream.benefit.TestCatalog.GROCER;
import static io.paystream.benefit.TestCatalog.GROCERY;
import static io.paystream.benefit.TestCatalog.MILES;
import static io.paystream.benefit.TestCatalog.TRAVEL;
import static io.paystream.benefit.TestCatalog.rate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paystream.benefit.TestCatalog;
import io.paystream.benefit.catalog.BenefitRule;
import io.paystream.benefit.catalog.CardProduct;
import io.paystream.benefit.catalog.Catalog;
import io.paystream.benefit.catalog.RewardKind;
import io.paystream.contracts.event.CardType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenefitEvaluatorTest {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 21);
  private final Catalog catalog = TestCatalog.catalog();

  private Earning earn(CardProduct product, long amount, String mcc, Map<Long, Long> used) {
    Purchase purchase = new Purchase(amount, "USD", mcc, DAY);
    return BenefitEvaluator.evaluate(
        product,
        catalog.rulesOf(product.code()),
        purchase,
        catalog.groupOf(mcc),
        id -> used.getOrDefault(id, 0L));
  }

  @Test
  void groceryRateAppliesToEveryCodeOfTheGroceryGroup() {
    for (String mcc : List.of("5411", "5422", "5441", "5451", "5499")) {
      // when: 40.00 at a grocery MCC on a 5 % grocery card
      Earning earning = earn(GROCER, 4_000, mcc, Map.of());
      // then
      assertThat(earning.valueMinor()).as("mcc %s", mcc).isEqualTo(200);
      assertThat(earning.ruleId()).isEqualTo(1L);
    }
  }

  @Test
  void travelGroupCoversTheAirlineRangeAndSingleCodes() {
    assertThat(catalog.groupOf("3000")).contains(TRAVEL);
    assertThat(catalog.groupOf("3299")).contains(TRAVEL);
    assertThat(catalog.groupOf("4511")).contains(TRAVEL);
    assertThat(catalog.groupOf("7011")).contains(TRAVEL);
    assertThat(catalog.groupOf("3300")).isEmpty();
    assertThat(catalog.groupOf("5412")).isEmpty();
    assertThat(catalog.groupOf("5411")).contains(GROCERY);
  }

  @Test
  void nonGroceryPurchaseFallsBackToTheBaseRate() {
    Earning earning = earn(GROCER, 4_000, "5732", Map.of());
    assertThat(earning.valueMinor()).isEqualTo(40);
    assertThat(earning.ruleId()).isEqualTo(2L);
  }

  @Test
  void monthlyCapLimitsWhatIsLeftAndTheBaseRateTakesOverWhenUsedUp() {
    // given: 14.00 of the 15.00 grocery cap already used this month
    Earning partly = earn(GROCER, 10_000, "5411", Map.of(1L, 1_400L));
    // then: 5 % of 100.00 would be 5.00, only 1.00 is left; the 1 % base rule pays 1.00 too,
    // the tie goes to the more specific grocery rule
    assertThat(partly.valueMinor()).isEqualTo(100);
    assertThat(partly.ruleId()).isEqualTo(1L);
    assertThat(partly.capped()).isTrue();

    // given: the cap used up
    Earning exhausted = earn(GROCER, 10_000, "5411", Map.of(1L, 1_500L));
    // then: the base rule pays
    assertThat(exhausted.valueMinor()).isEqualTo(100);
    assertThat(exhausted.ruleId()).isEqualTo(2L);
    assertThat(exhausted.capped()).isFalse();
  }

  @Test
  void minimumSpendMustBeReached() {
    CardProduct product = TestCatalog.cash("MIN", "Visa", CardType.CREDIT);
    List<BenefitRule> rules =
        List.of(rate(10, "MIN", "5812", null, 1_000, null, 2_500L, null, null));
    Purchase under = new Purchase(2_499, "USD", "5812", DAY);
    Purchase at = new Purchase(2_500, "USD", "5812", DAY);

    assertThat(
            BenefitEvaluator.evaluate(product, rules, under, Optional.empty(), id -> 0)
                .valueMinor())
        .isZero();
    assertThat(
            BenefitEvaluator.evaluate(product, rules, at, Optional.empty(), id -> 0).valueMinor())
        .isEqualTo(250);
  }

  @Test
  void pointsAreValuedByTheProductsPointValueAndRoundedDown() {
    // when: 123.45 on travel at 3 points per dollar, points worth 1.25 cents
    Earning earning = earn(MILES, 12_345, "4511", Map.of());
    // then: floor(12345 × 300 / 10000) = 370 points; floor(370 × 1250 / 1000) = 462 cents
    assertThat(earning.units()).isEqualTo(370);
    assertThat(earning.valueMinor()).isEqualTo(462);
  }

  @Test
  void fractionsOfAMinorUnitAreRoundedDown() {
    // 1.5 % of 0.99 = 1.485 cents -> 1 cent
    Earning earning = earn(TestCatalog.FLAT, 99, "5999", Map.of());
    assertThat(earning.valueMinor()).isEqualTo(1);
  }

  @Test
  void rulesApplyOnlyWithinTheirValidityDates() {
    CardProduct fueler = TestCatalog.FUELER;
    List<BenefitRule> rules = catalog.rulesOf("FUELER");
    var fuel = catalog.groupOf("5541");
    long before =
        BenefitEvaluator.evaluate(
                fueler,
                rules,
                new Purchase(5_000, "USD", "5541", LocalDate.of(2025, 12, 31)),
                fuel,
                id -> 0)
            .valueMinor();
    long first =
        BenefitEvaluator.evaluate(
                fueler,
                rules,
                new Purchase(5_000, "USD", "5541", LocalDate.of(2026, 1, 1)),
                fuel,
                id -> 0)
            .valueMinor();
    long last =
        BenefitEvaluator.evaluate(
                fueler,
                rules,
                new Purchase(5_000, "USD", "5541", LocalDate.of(2026, 12, 31)),
                fuel,
                id -> 0)
            .valueMinor();
    long after =
        BenefitEvaluator.evaluate(
                fueler,
                rules,
                new Purchase(5_000, "USD", "5541", LocalDate.of(2027, 1, 1)),
                fuel,
                id -> 0)
            .valueMinor();

    assertThat(before).isZero();
    assertThat(first).isEqualTo(200);
    assertThat(last).isEqualTo(200);
    assertThat(after).isZero();
  }

  @Test
  void exactMccRuleBeatsGroupRuleOnATie() {
    CardProduct product = TestCatalog.cash("TIE", "Visa", CardType.CREDIT);
    List<BenefitRule> rules =
        List.of(
            rate(20, "TIE", null, "grocery", 300, null, null, null, null),
            rate(21, "TIE", "5411", null, 300, null, null, null, null));
    Earning earning =
        BenefitEvaluator.evaluate(
            product,
            rules,
            new Purchase(1_000, "USD", "5411", DAY),
            catalog.groupOf("5411"),
            id -> 0);
    assertThat(earning.ruleId()).isEqualTo(21L);
  }

  @Test
  void refundsAndOtherCurrenciesEarnNothing() {
    assertThat(earn(GROCER, -4_000, "5411", Map.of()).valueMinor()).isZero();
    assertThat(earn(GROCER, 0, "5411", Map.of()).valueMinor()).isZero();
    Earning krw =
        BenefitEvaluator.evaluate(
            GROCER,
            catalog.rulesOf("GROCER"),
            new Purchase(40_000, "KRW", "5411", DAY),
            catalog.groupOf("5411"),
            id -> 0);
    assertThat(krw.valueMinor()).isZero();
  }

  @Test
  void ruleNeedsEitherARateOrAFixedAmountAndNotBothTargets() {
    assertThatThrownBy(
            () -> new BenefitRule(1, "P", null, null, null, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new BenefitRule(1, "P", "5411", "grocery", 100, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new CardProduct(
                    "X",
                    "I",
                    "N",
                    "Visa",
                    CardType.CREDIT,
                    RewardKind.CASHBACK,
                    900,
                    "USD",
                    0,
                    true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fixedAmountPaysPerPaymentUpToItsCap() {
    CardProduct product = TestCatalog.cash("FIX", "Visa", CardType.CREDIT);
    List<BenefitRule> rules =
        List.of(new BenefitRule(30, "FIX", "5814", null, null, 100L, 250L, null, null, null, null));
    Purchase coffee = new Purchase(450, "USD", "5814", DAY);
    assertThat(
            BenefitEvaluator.evaluate(product, rules, coffee, Optional.empty(), id -> 0)
                .valueMinor())
        .isEqualTo(100);
    assertThat(
            BenefitEvaluator.evaluate(product, rules, coffee, Optional.empty(), id -> 200)
                .valueMinor())
        .isEqualTo(50);
  }
}
