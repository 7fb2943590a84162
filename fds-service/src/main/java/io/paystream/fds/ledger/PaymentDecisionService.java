package io.paystream.fds.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paystream.contracts.Event;
import io.paystream.contracts.EventTypes;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.contracts.event.TravelAssessment;
import io.paystream.contracts.event.VerificationRequested;
import io.paystream.contracts.serde.EventJson;
import io.paystream.fds.config.FdsProperties;
import io.paystream.fds.payment.PaymentStateMachine;
import io.paystream.fds.profile.CardProfileService;
import io.paystream.fds.profile.VersionedCardProfile;
import io.paystream.fds.rule.CardProfile;
import io.paystream.fds.rule.CardStatus;
import io.paystream.fds.rule.Decision;
import io.paystream.fds.rule.FraudDecider;
import io.paystream.fds.rule.RuleSettings;
import io.paystream.fds.rule.RuleSettingsProvider;
import io.paystream.fds.rules.FraudRuleSetRegistry;
import io.paystream.fds.ruleset.CompiledRuleSet;
import io.paystream.fds.ruleset.RuleOutcome;
import io.paystream.fds.travel.LocatedPayment;
import io.paystream.platform.outbox.OutboxEntry;
import io.paystream.platform.outbox.OutboxWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Decides payments and records every transition in the ledger: per batch, one R2DBC transaction
 * writes the transactions, their {@code payment_events}, the card profiles and the outbox rows.
 * Redelivered events change nothing: their ids are already in {@code processed_events} or their
 * payment ids already in {@code transactions}, checked inside the same transaction.
 */
@Service
public class PaymentDecisionService {

  /** {@code ce_source} of everything fds-service publishes. */
  public static final URI SOURCE = Event.sourceOf("fds-service");

  private final LedgerRepository ledger;
  private final CardProfileService profiles;
  private final OutboxWriter outbox;
  private final TransactionalOperator tx;
  private final RuleSettingsProvider settings;
  private final FraudRuleSetRegistry ruleSets;
  private final FraudDecider decider = FraudDecider.standard();
  private final Clock clock;
  private final Timer eventToCommit;
  private final MeterRegistry meters;
  private final Duration holdTimeout;

  public PaymentDecisionService(
      LedgerRepository ledger,
      CardProfileService profiles,
      OutboxWriter outbox,
      TransactionalOperator tx,
      RuleSettingsProvider settings,
      FraudRuleSetRegistry ruleSets,
      FdsProperties properties,
      MeterRegistry meters) {
    this.ledger = ledger;
    this.ruleSets = ruleSets;
    this.holdTimeout = properties.verification().timeout();
    this.profiles = profiles;
    this.outbox = outbox;
    this.tx = tx;
    this.settings = settings;
    this.meters = meters;
    this.clock = Clock.systemUTC();
    this.eventToCommit =
        Timer.builder("fds.decision.event.to.commit")
            .description("Kafka record timestamp of payment.requested.v1 to ledger commit")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
  }

  /**
   * Decides and records a batch of payments in one transaction, in the order given (the topic's
   * per-card order). Card profiles come from {@link CardProfileService}: cached copies are
   * prefetched before the transaction and used only where they match the row locked inside it; the
   * new profiles are written to the cache after the commit.
   *
   * @return the decisions of the payments that were new, by payment id
   */
  public Mono<Map<String, PaymentStatus>> decide(List<IncomingPayment> batch) {
    Map<String, IncomingPayment> byEventId = new LinkedHashMap<>();
    for (IncomingPayment p : batch) {
      byEventId.putIfAbsent(p.eventId(), p);
    }
    Rules rules = new Rules(settings.current(), ruleSets.current());
    List<String> cards =
        byEventId.values().stream().map(p -> p.payment().card().token()).distinct().toList();
    return profiles
        .prefetch(cards)
        .flatMap(prefetched -> decideInTransaction(batch, byEventId, rules, prefetched));
  }

  private Mono<Map<String, PaymentStatus>> decideInTransaction(
      List<IncomingPayment> batch,
      Map<String, IncomingPayment> byEventId,
      Rules rules,
      Map<String, VersionedCardProfile> prefetched) {
    Mono<Map<String, PaymentStatus>> work =
        ledger
            .markProcessed(byEventId.keySet())
            .zipWith(
                ledger.existingPayments(
                    byEventId.values().stream().map(p -> p.payment().paymentId()).toList()))
            .flatMap(
                t -> {
                  Set<String> fresh = t.getT1();
                  Set<String> existing = t.getT2();
                  Set<String> seenPayments = new java.util.HashSet<>(existing);
                  List<IncomingPayment> todo = new ArrayList<>();
                  for (IncomingPayment p : byEventId.values()) {
                    if (fresh.contains(p.eventId()) && seenPayments.add(p.payment().paymentId())) {
                      todo.add(p);
                    }
                  }
                  if (todo.isEmpty()) {
                    return Mono.just(Map.<String, PaymentStatus>of());
                  }
                  return profiles
                      .lockForDecision(
                          todo.stream().map(p -> p.payment().card().token()).distinct().toList(),
                          prefetched)
                      .flatMap(
                          locked -> {
                            Map<String, CardProfile> current = new HashMap<>();
                            locked.forEach((card, v) -> current.put(card, v.profile()));
                            return record(todo, current, rules);
                          });
                });
    return tx.transactional(work)
        .doOnNext(
            decided -> {
              Instant now = clock.instant();
              for (IncomingPayment p : batch) {
                if (decided.containsKey(p.payment().paymentId()) && p.producedAt() != null) {
                  eventToCommit.record(Duration.between(p.producedAt(), now));
                }
              }
              decided
                  .values()
                  .forEach(s -> meters.counter("fds.decisions", "status", s.name()).increment());
            });
  }

  private Mono<Map<String, PaymentStatus>> record(
      List<IncomingPayment> todo, Map<String, CardProfile> profiles, Rules rules) {
    Instant now = clock.instant();
    List<TransactionRow> rows = new ArrayList<>();
    List<LedgerEvent> events = new ArrayList<>();
    List<OutboxEntry<?>> queued = new ArrayList<>();
    Map<String, PaymentStatus> decided = new LinkedHashMap<>();
    for (IncomingPayment incoming : todo) {
      PaymentRequested p = incoming.payment();
      String card = p.card().token();
      CardProfile profile = profiles.getOrDefault(card, CardProfile.newCard(card));
      Decision decision = decider.decide(p, profile, rules.settings(), rules.ruleSet());
      ruleSets.count(decision.rules());
      profiles.put(card, profile.record(p, decision.status() == PaymentStatus.APPROVED));

      String travelJson =
          decision.travel() == null
              ? null
              : EventJson.mapper().writeValueAsString(decision.travel());
      events.add(
          new LedgerEvent(
              p.paymentId(),
              0,
              PaymentStatus.RECEIVED,
              List.of(),
              EventJson.mapper().writeValueAsString(p)));
      int seq = 1;
      PaymentStatus first =
          PaymentStateMachine.transition(PaymentStatus.RECEIVED, decision.status());
      events.add(
          new LedgerEvent(
              p.paymentId(), seq, first, decision.reasonCodes(), decisionData(decision)));
      PaymentStatus current = first;
      if (first == PaymentStatus.APPROVED) {
        // An immediate approval settles in the same transaction: the ledger keeps both steps
        // (1:APPROVED, 2:COMPLETED) but only the resting state is published, so consumers read one
        // payment.decided.v1 per approved payment instead of two (docs/performance.md).
        seq = 2;
        current = PaymentStateMachine.transition(first, PaymentStatus.COMPLETED);
        events.add(
            new LedgerEvent(
                p.paymentId(), seq, current, decision.reasonCodes(), decisionData(decision)));
        queued.add(decided(p, seq, current, decision.reasonCodes(), decision.travel(), now));
      } else {
        queued.add(decided(p, seq, first, decision.reasonCodes(), decision.travel(), now));
        if (first == PaymentStatus.PENDING_VERIFICATION) {
          queued.add(verificationRequested(p, seq, decision.reasonCodes(), now, holdTimeout));
        }
      }
      rows.add(
          new TransactionRow(
              p.paymentId(),
              card,
              p.customerId(),
              p.clientId(),
              p.merchant().id(),
              p.merchant().name(),
              p.channel().name(),
              p.amountMinor(),
              p.currency(),
              p.location() == null ? null : EventJson.mapper().writeValueAsString(p.location()),
              p.occurredAt(),
              current,
              seq,
              decision.reasonCodes(),
              travelJson,
              rules.ruleSet().version()));
      decided.put(p.paymentId(), current);
    }
    return ledger
        .insertTransactions(rows)
        .then(ledger.appendEvents(events))
        .then(ledger.saveProfiles(profiles.values()))
        .flatMap(saved -> this.profiles.refreshAfterCommit(saved.values()))
        .then(outbox.enqueueAll(queued))
        .thenReturn(decided);
  }

  /**
   * Settles a payment held for verification: appends the final state, publishes it, and applies
   * {@code profileChange} to the card's profile. A payment not (or no longer) pending is left as it
   * is.
   *
   * @param paymentId the held payment
   * @param outcome {@link PaymentStatus#COMPLETED}, {@link PaymentStatus#DENIED} or {@link
   *     PaymentStatus#EXPIRED}
   * @param reasonCode why
   * @param change what the outcome does to the card
   * @param details extra ledger data (JSON object fields), may be empty
   * @return the new state, or empty when nothing changed
   */
  public Mono<PaymentStatus> settleInTransaction(
      String paymentId,
      PaymentStatus outcome,
      String reasonCode,
      ProfileChange change,
      Map<String, Object> details) {
    return ledger
        .lockTransaction(paymentId)
        .filter(state -> state.status() == PaymentStatus.PENDING_VERIFICATION)
        .flatMap(
            state -> {
              PaymentStatus next = PaymentStateMachine.transition(state.status(), outcome);
              PaymentRequested p =
                  EventJson.mapper().readValue(state.requestJson(), PaymentRequested.class);
              int seq = state.lastSequence() + 1;
              List<String> reasons = List.of(reasonCode);
              Instant now = clock.instant();
              Map<String, Object> data = new LinkedHashMap<>(details);
              return ledger
                  .updateState(paymentId, next, seq, reasons)
                  .then(
                      ledger.appendEvents(
                          List.of(
                              new LedgerEvent(
                                  paymentId,
                                  seq,
                                  next,
                                  reasons,
                                  EventJson.mapper().writeValueAsString(data)))))
                  .then(outbox.enqueueAll(List.of(decided(p, seq, next, reasons, null, now))))
                  .then(applyProfileChange(p, change))
                  .thenReturn(next);
            });
  }

  /** {@link #settleInTransaction} in its own transaction. */
  public Mono<PaymentStatus> settle(
      String paymentId,
      PaymentStatus outcome,
      String reasonCode,
      ProfileChange change,
      Map<String, Object> details) {
    return tx.transactional(settleInTransaction(paymentId, outcome, reasonCode, change, details));
  }

  /**
   * Records {@code eventId} as consumed and, if it is new, runs {@code effect} in the same
   * transaction.
   */
  public <T> Mono<T> once(String eventId, Mono<T> effect) {
    return tx.transactional(
        ledger
            .markProcessed(List.of(eventId))
            .flatMap(fresh -> fresh.isEmpty() ? Mono.empty() : effect));
  }

  private Mono<Long> applyProfileChange(PaymentRequested p, ProfileChange change) {
    if (change == ProfileChange.NONE) {
      return Mono.just(0L);
    }
    String card = p.card().token();
    return ledger
        .lockProfiles(List.of(card))
        .flatMap(
            locked -> {
              CardProfile profile = locked.getOrDefault(card, CardProfile.newCard(card));
              UnaryOperator<CardProfile> op =
                  switch (change) {
                    case LOCATE ->
                        pr ->
                            p.channel().cardPresent() && p.location() != null
                                ? pr.locatedAt(
                                    new LocatedPayment(
                                        p.paymentId(), p.occurredAt().toInstant(), p.location()))
                                : pr;
                    case SUSPEND -> pr -> pr.withStatus(CardStatus.SUSPENDED);
                    case NONE -> UnaryOperator.identity();
                  };
              return ledger
                  .saveProfiles(List.of(op.apply(profile)))
                  .then(profiles.invalidateAfterCommit(card))
                  .thenReturn(1L);
            });
  }

  /** What a settled verification does to the card's profile. */
  public enum ProfileChange {
    /** Nothing. */
    NONE,
    /** The payment's place becomes a located payment (a verified traveller). */
    LOCATE,
    /** The card is suspended for card-present use. */
    SUSPEND
  }

  /**
   * The ledger data of a decision: {@code {"travel":{...}, "rules":{"version":N, "fired":[names],
   * "shadow":[names]}}}.
   */
  private static String decisionData(Decision decision) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (decision.travel() != null) {
      data.put("travel", decision.travel());
    }
    RuleOutcome outcome = decision.rules();
    if (outcome != null) {
      Map<String, Object> rules = new LinkedHashMap<>();
      rules.put("version", outcome.version());
      rules.put("fired", outcome.firedNames());
      rules.put("shadow", outcome.shadowNames());
      data.put("rules", rules);
    }
    return EventJson.mapper().writeValueAsString(data);
  }

  /** The thresholds and the rule set one batch is decided with (read once per batch). */
  private record Rules(RuleSettings settings, CompiledRuleSet ruleSet) {}

  private static OutboxEntry<PaymentDecided> decided(
      PaymentRequested p,
      int sequence,
      PaymentStatus status,
      List<String> reasons,
      TravelAssessment travel,
      Instant now) {
    PaymentDecided data =
        new PaymentDecided(
            p.paymentId(),
            sequence,
            status,
            p.card().token(),
            p.customerId(),
            p.merchant().id(),
            p.clientId(),
            p.amountMinor(),
            p.currency(),
            reasons,
            travel,
            p.occurredAt(),
            now);
    Event<PaymentDecided> event =
        new Event<>(
            p.paymentId() + ":" + sequence,
            SOURCE,
            EventTypes.PAYMENT_DECIDED,
            OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
            p.paymentId(),
            data);
    return OutboxEntry.of(Topics.PAYMENT_DECISIONS, p.card().token(), event);
  }

  /**
   * The request for step-up verification of a payment held at {@code now}; its {@code
   * holdExpiresAt} is {@code now + holdTimeout}, no later than {@link
   * io.paystream.fds.verification.VerificationSweeper} expires the hold (it measures from the row's
   * {@code updated_at}, written in the same transaction after {@code now}).
   */
  private static OutboxEntry<VerificationRequested> verificationRequested(
      PaymentRequested p, int sequence, List<String> reasons, Instant now, Duration holdTimeout) {
    VerificationRequested data =
        new VerificationRequested(
            p.paymentId(),
            p.card().token(),
            p.customerId(),
            p.merchant().id(),
            p.merchant().name(),
            p.amountMinor(),
            p.currency(),
            p.location(),
            p.occurredAt(),
            reasons,
            now,
            now.plus(holdTimeout));
    Event<VerificationRequested> event =
        new Event<>(
            p.paymentId() + ":" + sequence + ":verification",
            SOURCE,
            EventTypes.VERIFICATION_REQUESTED,
            OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
            p.paymentId(),
            data);
    return OutboxEntry.of(Topics.VERIFICATION_REQUESTS, p.card().token(), event);
  }
}
