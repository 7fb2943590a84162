package io.paystream.loyalty.visit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.loyalty.membership.Membership;
import io.paystream.loyalty.membership.MembershipRepository;
import io.paystream.loyalty.membership.VipRule;
import io.paystream.loyalty.policy.LoyaltyPolicy;
import io.paystream.loyalty.policy.PolicyService;
import io.paystream.platform.outbox.OutboxWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies payments and declines to the visit counts, one consumer batch per PostgreSQL transaction:
 * the visit rows, counters, memberships and outbox rows of a batch commit together, and only then
 * does the listener return (so Kafka offsets are committed after the effect). Redelivered events
 * find their payment id already recorded ({@link VisitRules}); a payment's request and decline are
 * serialized by a transaction advisory lock on its id.
 */
@Service
public class VisitCountingService {

  /** {@code ce_source} of events loyalty-service produces. */
  public static final URI SOURCE = Event.sourceOf("loyalty-service");

  /** Notification template of a VIP grant. */
  public static final String VIP_TEMPLATE = "vip-granted";

  private final VisitRepository visits;
  private final MembershipRepository memberships;
  private final OutboxWriter outbox;
  private final PolicyService policies;
  private final VisitCountService counts;
  private final TransactionalOperator tx;
  private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

  public VisitCountingService(
      VisitRepository visits,
      MembershipRepository memberships,
      OutboxWriter outbox,
      PolicyService policies,
      VisitCountService counts,
      TransactionalOperator tx,
      MeterRegistry meters) {
    this.visits = visits;
    this.memberships = memberships;
    this.outbox = outbox;
    this.policies = policies;
    this.counts = counts;
    this.tx = tx;
    for (Outcome o : Outcome.values()) {
      outcomes.put(
          o,
          Counter.builder("loyalty.events")
              .description("Payment and decision events by what they did to the visit counts")
              .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
              .register(meters));
    }
  }

  /** What one event did. */
  public enum Outcome {
    /** A visit counted. */
    COUNTED,
    /** A visit counted and granted VIP. */
    COUNTED_VIP,
    /** A redelivered or duplicate event: nothing changed. */
    DUPLICATE,
    /** A request whose decline came first: recorded, not counted. */
    NOT_COUNTED,
    /** A decline took a counted visit back. */
    TAKEN_BACK,
    /** A decline whose request has not arrived: remembered. */
    REMEMBERED,
    /** A decision that is not a decline. */
    IGNORED
  }

  /**
   * Counts a batch of {@code payment.requested.v1}, in order, in one transaction and a handful of
   * statements: the batch's payments are locked and their recorded facts read at once, {@link
   * VisitRules} decides each in batch order, the new visits are inserted and the counters updated
   * set-wise, and only pairs whose counter reached their merchant's threshold are looked at one by
   * one (which visit crossed it; {@link VipRule}).
   *
   * @return each event's outcome, in batch order
   */
  public Mono<List<Outcome>> countVisits(List<IncomingPayment> batch) {
    if (batch.isEmpty()) {
      return Mono.just(List.of());
    }
    List<String> ids = batch.stream().map(p -> p.payment().paymentId()).toList();
    return Flux.fromIterable(batch)
        .map(p -> p.payment().merchant().id())
        .distinct()
        .flatMap(id -> policies.policyFor(id).map(p -> Map.entry(id, p)), 64)
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .flatMap(
            policyByMerchant ->
                tx.transactional(
                    visits
                        .lockPayments(ids)
                        .then(visits.factsOf(ids))
                        .flatMap(facts -> applyBatch(batch, facts, policyByMerchant))))
        .flatMap(
            applied ->
                afterCommit(applied.touched(), applied.grants()).thenReturn(applied.outcomes()))
        .doOnNext(this::record);
  }

  private Mono<Applied> applyBatch(
      List<IncomingPayment> batch,
      Map<String, VisitRepository.PaymentFacts> facts,
      Map<String, LoyaltyPolicy> policyByMerchant) {
    Outcome[] outcomes = new Outcome[batch.size()];
    List<IncomingPayment> counted = new ArrayList<>();
    List<IncomingPayment> notCounted = new ArrayList<>();
    Map<VisitPair, List<IncomingPayment>> byPair = new LinkedHashMap<>();
    Map<String, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      IncomingPayment in = batch.get(i);
      String id = in.payment().paymentId();
      VisitRepository.PaymentFacts known =
          facts.getOrDefault(id, new VisitRepository.PaymentFacts(null, false));
      // keep the facts current so a duplicate inside the batch is recognised too
      switch (VisitRules.onRequest(known.visit(), known.declined())) {
        case DUPLICATE -> outcomes[i] = Outcome.DUPLICATE;
        case ALREADY_DECLINED -> {
          facts.put(id, new VisitRepository.PaymentFacts(VisitState.NOT_COUNTED, true));
          notCounted.add(in);
          outcomes[i] = Outcome.NOT_COUNTED;
        }
        case COUNT -> {
          facts.put(id, new VisitRepository.PaymentFacts(VisitState.COUNTED, false));
          counted.add(in);
          byPair.computeIfAbsent(pairOf(in), k -> new ArrayList<>()).add(in);
          indexOf.put(id, i);
          outcomes[i] = Outcome.COUNTED;
        }
        default -> throw new IllegalStateException("unexpected outcome");
      }
    }
    return visits
        .insertVisits(counted, VisitState.COUNTED)
        .then(visits.insertVisits(notCounted, VisitState.NOT_COUNTED))
        .then(visits.addToCounters(byPair))
        .flatMapMany(
            counters ->
                Flux.fromIterable(byPair.entrySet())
                    .concatMap(
                        e ->
                            grantIfCrossed(
                                e.getKey(),
                                e.getValue(),
                                counters.get(e.getKey()),
                                policyByMerchant.get(e.getKey().merchantId()))))
        .collectList()
        .map(
            crossings -> {
              crossings.forEach(id -> outcomes[indexOf.get(id)] = Outcome.COUNTED_VIP);
              return new Applied(List.of(outcomes), byPair.keySet(), crossings.size());
            });
  }

  /**
   * Grants VIP if this batch's visits of the pair brought its counter to the threshold.
   *
   * @param visits the pair's visits counted in this batch, in batch order
   * @param counter the pair's counter after the batch
   * @return the crossing payment's id, or empty
   */
  private Mono<String> grantIfCrossed(
      VisitPair pair,
      List<IncomingPayment> visits,
      VisitRepository.CounterRow counter,
      LoyaltyPolicy policy) {
    // all counted visits >= those inside any window: below the threshold nothing can cross
    if (counter.vip() || !policy.reachesVip(counter.visits())) {
      return Mono.empty();
    }
    int before = counter.visits() - visits.size();
    // the first visit of the batch that can have reached the threshold (1 when it was already
    // reached before, e.g. a lowered threshold or a window that had not been met)
    int first = Math.max(1, policy.threshold() - before);
    if (!policy.windowed()) {
      IncomingPayment crossing = visits.get(first - 1);
      long n = before + first;
      return VipRule.grants(policy, false, n) ? grant(pair, crossing, n, policy) : Mono.empty();
    }
    return Flux.fromIterable(visits.subList(first - 1, visits.size()))
        .concatMap(
            v -> {
              OffsetDateTime at = v.payment().occurredAt();
              return this.visits
                  .countedBetween(pair, policy.windowStart(at), at)
                  .filter(n -> VipRule.grants(policy, false, n))
                  .map(n -> Map.entry(v, n));
            })
        .next()
        .flatMap(e -> grant(pair, e.getKey(), e.getValue(), policy));
  }

  private Mono<String> grant(
      VisitPair pair, IncomingPayment crossing, long visitsAtGrant, LoyaltyPolicy policy) {
    var p = crossing.payment();
    return memberships
        .grant(pair, p.paymentId(), visitsAtGrant, policy.threshold(), policy.benefit())
        .flatMap(
            m ->
                outbox
                    .enqueue(
                        Topics.NOTIFICATIONS,
                        m.customerId(),
                        vipNotification(m, p.merchant().name()))
                    .thenReturn(p.paymentId()));
  }

  private static VisitPair pairOf(IncomingPayment in) {
    return new VisitPair(in.payment().customerId(), in.payment().merchant().id());
  }

  /** A batch applied: outcomes in batch order, pairs whose count changed, VIP grants. */
  private record Applied(List<Outcome> outcomes, Set<VisitPair> touched, int grants) {}

  /**
   * Applies a batch of {@code payment.decided.v1} (only DENIED and EXPIRED do anything), in one
   * transaction.
   *
   * @return each event's outcome, in batch order
   */
  public Mono<List<Outcome>> compensate(List<IncomingDecision> batch) {
    if (batch.isEmpty()) {
      return Mono.just(List.of());
    }
    Set<VisitPair> touched = new LinkedHashSet<>();
    List<String> ids =
        batch.stream()
            .filter(d -> VisitRules.compensates(d.decision().status()))
            .map(d -> d.decision().paymentId())
            .toList();
    return tx.transactional(
            visits
                .lockPayments(ids)
                .thenMany(Flux.fromIterable(batch).concatMap(in -> compensateOne(in, touched)))
                .collectList())
        .flatMap(result -> afterCommit(touched, 0).thenReturn(result))
        .doOnNext(this::record);
  }

  private Mono<Outcome> compensateOne(IncomingDecision in, Set<VisitPair> touched) {
    var d = in.decision();
    if (!VisitRules.compensates(d.status())) {
      return Mono.just(Outcome.IGNORED);
    }
    return visits
        .facts(d.paymentId())
        .flatMap(
            facts ->
                switch (VisitRules.onDecision(d.status(), facts.visit(), facts.declined())) {
                  case IGNORE -> Mono.just(Outcome.IGNORED);
                  case DUPLICATE ->
                      facts.declined()
                          ? Mono.just(Outcome.DUPLICATE)
                          : visits
                              .insertCompensation(in, VisitRules.DecisionOutcome.DUPLICATE)
                              .thenReturn(Outcome.DUPLICATE);
                  case REMEMBER ->
                      visits
                          .insertCompensation(in, VisitRules.DecisionOutcome.REMEMBER)
                          .thenReturn(Outcome.REMEMBERED);
                  case TAKE_BACK ->
                      visits
                          .insertCompensation(in, VisitRules.DecisionOutcome.TAKE_BACK)
                          .then(visits.takeBack(d.paymentId()))
                          .map(
                              pair -> {
                                touched.add(pair);
                                return Outcome.TAKEN_BACK;
                              });
                });
  }

  private Mono<Void> afterCommit(Set<VisitPair> touched, int grants) {
    // a VIP grant's outbox row wakes the platform relay by NOTIFY at commit
    return counts.evict(touched);
  }

  private void record(List<Outcome> result) {
    result.forEach(o -> outcomes.get(o).increment());
  }

  /**
   * The {@code vip-granted} notification of a membership: to the customer, non-urgent, their
   * preferred channel and locale; dedup key {@code vip-granted:<membershipId>}; the CloudEvents id
   * is the dedup key so a re-published outbox row is the same event.
   */
  static Event<NotificationRequested> vipNotification(Membership m, String merchantName) {
    String dedupKey = VIP_TEMPLATE + ":" + m.membershipId();
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("merchant", merchantName == null ? m.merchantId() : merchantName);
    parameters.put("merchantId", m.merchantId());
    parameters.put("visits", Integer.toString(m.visitsAtGrant()));
    parameters.put("benefit", m.benefit());
    NotificationRequested data =
        new NotificationRequested(
            UUID.nameUUIDFromBytes(dedupKey.getBytes(StandardCharsets.UTF_8)).toString(),
            dedupKey,
            m.customerId(),
            NotificationChannel.PREFERRED,
            VIP_TEMPLATE,
            null,
            parameters,
            false,
            m.crossingPaymentId(),
            Instant.now());
    return Event.of(dedupKey, SOURCE, m.membershipId().toString(), data);
  }
}
