package io.paystream.simulator.backtest;

import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.MerchantSnapshot;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.fds.risk.RiskFeatures;
import io.paystream.fds.rule.CardProfile;
import io.paystream.fds.rule.CardStatus;
import io.paystream.fds.rule.Decision;
import io.paystream.fds.rule.FraudDecider;
import io.paystream.fds.rule.RuleSettings;
import io.paystream.fds.ruleset.CompiledRule;
import io.paystream.fds.ruleset.CompiledRuleSet;
import io.paystream.fds.travel.LocatedPayment;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.Merchant;
import io.paystream.simulator.model.Transaction;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Replays a dataset's payments offline through fds-service's own decision code ({@code fds-rules}:
 * {@link FraudDecider}, {@link CardProfile}, the risk features and the compiled rule set), in event
 * time order, with the cardholder the live replay simulates: a held payment is answered {@code NO}
 * when it is fraud in the data (→ {@code DENIED}, card suspended for card-present use) and {@code
 * YES} otherwise (→ {@code COMPLETED}, its place becomes the card's location), as fds-service's
 * verification path does.
 *
 * <p>With {@code reissue}, a card whose holder said {@code NO} is replaced, as a bank does: the
 * data's later genuine payments of that card run on the replacement (a new token, so a fresh
 * profile), its later fraud stays on the old, suspended number (the fraudster still has it; a
 * card-present attempt is declined {@code CARD_SUSPENDED}, a card-not-present one meets the rules).
 * The label routes the payment, as the world would; the rules never see it. Without {@code reissue}
 * every later payment hits the suspended card (TabFormer keeps the old number).
 *
 * <p>The dataset's outcome columns (TabFormer {@code Errors?}) are never given to the rules.
 */
public final class BacktestEngine {

  private final FraudDecider decider = FraudDecider.standard();
  private final RuleSettings settings;
  private final boolean reissue;

  /** An engine with these thresholds ({@code fds.rules.*}), reissuing cards when asked. */
  public BacktestEngine(RuleSettings settings, boolean reissue) {
    this.settings = settings;
    this.reissue = reissue;
  }

  /**
   * Runs {@code ruleSet} over every payment of {@code dataset} and tallies those matching {@code
   * counted} (e.g. a time window); the profiles learn from every payment.
   */
  public BacktestResult run(
      Dataset dataset, CompiledRuleSet ruleSet, Predicate<Transaction> counted) {
    return run(dataset, ruleSet, counted, null);
  }

  /**
   * As {@link #run(Dataset, CompiledRuleSet, Predicate)}, handing each payment's features (as the
   * rules saw them) to {@code features} when it is not {@code null}.
   */
  public BacktestResult run(
      Dataset dataset,
      CompiledRuleSet ruleSet,
      Predicate<Transaction> counted,
      BiConsumer<Transaction, RiskFeatures> features) {
    Map<String, Card> cards = dataset.cardsById();
    Map<String, Merchant> merchants = dataset.merchantsById();
    Map<String, CardProfile> profiles = new HashMap<>();
    Map<String, Integer> generation = new HashMap<>();
    Map<String, BacktestResult.Tally> perRule = new LinkedHashMap<>();
    for (CompiledRule r : ruleSet.rules()) {
      perRule.put(
          r.name() + (r.mode().json().equals("shadow") ? " (shadow)" : ""),
          new BacktestResult.Tally());
    }
    BacktestResult.Tally total = new BacktestResult.Tally();
    BacktestResult.Counts counts = new BacktestResult.Counts();
    long reissues = 0;
    for (Transaction t : dataset.transactions()) {
      int gen = t.fraud() ? 0 : generation.getOrDefault(t.cardId(), 0);
      String token = gen == 0 ? t.cardId() : t.cardId() + "~r" + gen;
      Card card = cards.get(t.cardId());
      Merchant merchant = merchants.get(t.merchantId());
      PaymentRequested p = payment(t, token, card, merchant);
      CardProfile profile = profiles.getOrDefault(token, CardProfile.newCard(token));
      Decision decision = decider.decide(p, profile, settings, ruleSet);
      if (features != null) {
        features.accept(t, RiskFeatures.compute(p, profile, settings));
      }
      CardProfile next = profile.record(p, decision.status() == PaymentStatus.APPROVED);
      boolean stopped = false;
      boolean held = decision.status() == PaymentStatus.PENDING_VERIFICATION;
      boolean declined = decision.status() == PaymentStatus.DENIED;
      if (held) {
        if (t.fraud()) {
          stopped = true;
          next = next.withStatus(CardStatus.SUSPENDED);
          if (reissue && gen == generation.getOrDefault(t.cardId(), 0)) {
            generation.put(t.cardId(), gen + 1);
            reissues++;
          }
        } else if (p.channel().cardPresent() && p.location() != null) {
          next =
              next.locatedAt(
                  new LocatedPayment(p.paymentId(), p.occurredAt().toInstant(), p.location()));
        }
      } else if (declined && t.fraud()) {
        stopped = true;
      }
      profiles.put(token, next);
      if (!counted.test(t)) {
        continue;
      }
      counts.add(t.fraud(), p.channel().cardPresent(), held, declined, stopped);
      total.add(t.fraud(), p.channel().cardPresent(), held || declined, held, declined);
      if (decision.rules() != null) {
        for (CompiledRule r : decision.rules().fired()) {
          perRule.get(r.name()).add(t.fraud(), p.channel().cardPresent(), true, false, false);
        }
        for (CompiledRule r : decision.rules().shadowFired()) {
          perRule
              .get(r.name() + " (shadow)")
              .add(t.fraud(), p.channel().cardPresent(), true, false, false);
        }
      }
    }
    return new BacktestResult(ruleSet.version(), counts, total, perRule, reissues);
  }

  private static PaymentRequested payment(
      Transaction t, String token, Card card, Merchant merchant) {
    String merchantCountry =
        merchant.country() != null
            ? merchant.country()
            : t.location() != null ? t.location().country() : null;
    Instant at = t.occurredAt().toInstant();
    return new PaymentRequested(
        t.transactionId(),
        "backtest",
        "backtest",
        t.channel(),
        new CardSnapshot(token, "000000", "0000", card == null ? null : card.brand(), null, null),
        card == null ? null : card.customerId(),
        new MerchantSnapshot(
            merchant.merchantId(), merchant.name(), merchant.mcc(), merchantCountry),
        t.amount().amountMinor(),
        t.amount().currency().getCurrencyCode(),
        t.location(),
        t.occurredAt(),
        at);
  }

  /** The rule set's figures for {@code dataset} as a list of lines (see {@link BacktestResult}). */
  public static List<String> describe(BacktestResult result) {
    return result.lines();
  }
}
