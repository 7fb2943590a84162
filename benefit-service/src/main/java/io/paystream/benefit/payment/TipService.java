package io.paystream.benefit.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.benefit.catalog.Catalog;
import io.paystream.benefit.catalog.CatalogService;
import io.paystream.benefit.catalog.MccGroup;
import io.paystream.benefit.config.BenefitProperties;
import io.paystream.benefit.earning.Earning;
import io.paystream.benefit.earning.Purchase;
import io.paystream.benefit.tip.HeldCard;
import io.paystream.benefit.tip.MinorUnits;
import io.paystream.benefit.tip.NoTipReason;
import io.paystream.benefit.tip.TipAdvisor;
import io.paystream.benefit.tip.TipAssessment;
import io.paystream.benefit.tip.TipDecision;
import io.paystream.benefit.tip.TipKind;
import io.paystream.benefit.tip.TipPolicy;
import io.paystream.benefit.tip.TipThrottle;
import io.paystream.contracts.Event;
import io.paystream.contracts.EventTypes;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.platform.outbox.OutboxWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Processes one payment in one R2DBC transaction: serializes on the customer ({@code
 * pg_advisory_xact_lock}, so two cards of one customer on different partitions do not race on the
 * card list, the caps or the throttle), drops a payment already seen ({@code payment_benefits}
 * primary key = payment id), records the card, compares it with the customer's other active cards
 * and the catalog ({@link TipAdvisor}, {@link TipPolicy}), records the benefit used against the
 * card's caps, applies the throttle ({@link TipThrottle}) and writes the tip with its {@code
 * notification.requested.v1} outbox row. Nothing is published until the transaction committed.
 */
@Service
public class TipService {

  /** {@code ce_source} of what benefit-service publishes. */
  public static final URI SOURCE = Event.sourceOf("benefit-service");

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final CatalogService catalogs;
  private final OutboxWriter outbox;
  private final TipPolicy policy;
  private final TipThrottle throttle;
  private final BenefitProperties.Tip settings;
  private final MeterRegistry meters;

  public TipService(
      DatabaseClient db,
      TransactionalOperator tx,
      CatalogService catalogs,
      OutboxWriter outbox,
      BenefitProperties properties,
      MeterRegistry meters) {
    this.db = db;
    this.tx = tx;
    this.catalogs = catalogs;
    this.outbox = outbox;
    this.settings = properties.tip();
    this.policy = settings.policy();
    this.throttle = settings.throttle();
    this.meters = meters;
  }

  /** Processes {@code payment} delivered as event {@code eventId}; idempotent by payment id. */
  public Mono<TipOutcome> process(String eventId, PaymentRequested payment) {
    return catalogs
        .current()
        .flatMap(
            catalog ->
                tx.transactional(
                    lock(payment.customerId())
                        .then(seen(payment.paymentId()))
                        .flatMap(
                            seen ->
                                seen
                                    ? Mono.just(TipOutcome.DUPLICATE)
                                    : handle(catalog, eventId, payment))))
        .doOnNext(this::count); // a tip's outbox row wakes the platform relay by NOTIFY at commit
  }

  private Mono<Long> lock(String customerId) {
    return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:c, 0))")
        .bind("c", "benefit-customer:" + customerId)
        .fetch()
        .rowsUpdated()
        .thenReturn(0L);
  }

  private Mono<Boolean> seen(String paymentId) {
    return db.sql("SELECT 1 FROM benefit.payment_benefits WHERE payment_id = :p")
        .bind("p", paymentId)
        .map(r -> Boolean.TRUE)
        .one()
        .defaultIfEmpty(Boolean.FALSE);
  }

  private Mono<TipOutcome> handle(Catalog catalog, String eventId, PaymentRequested payment) {
    CardSnapshot card = payment.card();
    OffsetDateTime at = payment.occurredAt();
    LocalDate month = at.toLocalDate().withDayOfMonth(1);
    Purchase purchase =
        new Purchase(
            payment.amountMinor(), payment.currency(), payment.merchant().mcc(), at.toLocalDate());
    Optional<MccGroup> group = catalog.groupOf(purchase.mcc());
    String categoryKey = TipThrottle.categoryKey(group.map(MccGroup::code).orElse(null));
    return upsertCard(payment)
        .then(activeCards(payment.customerId(), at.toInstant(), catalog))
        .flatMap(
            held ->
                usage(held, month)
                    .flatMap(
                        usage -> {
                          HeldCard used =
                              held.stream()
                                  .filter(c -> c.cardToken().equals(card.token()))
                                  .findFirst()
                                  .orElseGet(() -> toHeld(catalog, card));
                          TipAssessment assessment =
                              new TipAdvisor(catalog)
                                  .assess(
                                      purchase,
                                      used,
                                      held,
                                      (token, rule) ->
                                          usage.getOrDefault(token + "\u0000" + rule, 0L));
                          TipDecision decision = policy.decide(purchase, assessment);
                          Mono<TipDecision> throttled =
                              decision.tips()
                                  ? throttled(
                                          payment.customerId(),
                                          categoryKey,
                                          decision.kind(),
                                          at.toInstant())
                                      .map(
                                          blocked ->
                                              blocked
                                                  ? TipDecision.none(
                                                      NoTipReason.THROTTLED, decision.marginMinor())
                                                  : decision)
                                  : Mono.just(decision);
                          return throttled.flatMap(
                              d ->
                                  record(eventId, payment, month, group, assessment, d)
                                      .then(
                                          recordUsage(payment, month, assessment.used().earning()))
                                      .then(
                                          d.tips()
                                              ? tip(payment, group, categoryKey, d)
                                              : Mono.empty())
                                      .thenReturn(
                                          new TipOutcome(
                                              false,
                                              d.kind(),
                                              d.reason(),
                                              assessment.bestHeldValueMinor()
                                                  - assessment.usedValueMinor())));
                        }));
  }

  private static HeldCard toHeld(Catalog catalog, CardSnapshot card) {
    return new HeldCard(
        card.token(),
        card.brand(),
        card.lastFour(),
        catalog.resolve(card.productCode(), card.brand(), card.type()).orElse(null));
  }

  private Mono<Long> upsertCard(PaymentRequested p) {
    CardSnapshot c = p.card();
    GenericExecuteSpec spec =
        db.sql(
                "INSERT INTO benefit.customer_cards (card_token, customer_id, bin, last_four, brand,"
                    + " card_type, registry_product_code, first_seen_at, last_seen_at) VALUES (:t,"
                    + " :c, :bin, :l4, :brand, :type, :prod, :at, :at) ON CONFLICT (card_token) DO"
                    + " UPDATE SET customer_id = EXCLUDED.customer_id, last_four ="
                    + " EXCLUDED.last_four, brand = EXCLUDED.brand, card_type = EXCLUDED.card_type,"
                    + " registry_product_code = COALESCE(EXCLUDED.registry_product_code,"
                    + " benefit.customer_cards.registry_product_code), first_seen_at ="
                    + " LEAST(benefit.customer_cards.first_seen_at, EXCLUDED.first_seen_at),"
                    + " last_seen_at = GREATEST(benefit.customer_cards.last_seen_at,"
                    + " EXCLUDED.last_seen_at)")
            .bind("t", c.token())
            .bind("c", p.customerId())
            .bind("l4", c.lastFour())
            .bind("brand", c.brand())
            .bind("type", c.type().name())
            .bind("at", p.occurredAt());
    spec = c.bin() == null ? spec.bindNull("bin", String.class) : spec.bind("bin", c.bin());
    spec =
        c.productCode() == null
            ? spec.bindNull("prod", String.class)
            : spec.bind("prod", c.productCode());
    return spec.fetch().rowsUpdated();
  }

  /**
   * Cards of the customer first used before and last used within the active window of {@code at}.
   */
  private Mono<List<HeldCard>> activeCards(String customerId, Instant at, Catalog catalog) {
    return db.sql(
            "SELECT card_token, last_four, brand, card_type, registry_product_code"
                + " FROM benefit.customer_cards WHERE customer_id = :c AND first_seen_at <= :at"
                + " AND last_seen_at >= :since ORDER BY card_token")
        .bind("c", customerId)
        .bind("at", at.atOffset(ZoneOffset.UTC))
        .bind("since", at.minus(settings.activeCardWindow()).atOffset(ZoneOffset.UTC))
        .map(
            r ->
                new HeldCard(
                    r.get("card_token", String.class),
                    r.get("brand", String.class),
                    r.get("last_four", String.class),
                    catalog
                        .resolve(
                            r.get("registry_product_code", String.class),
                            r.get("brand", String.class),
                            CardType.valueOf(r.get("card_type", String.class)))
                        .orElse(null)))
        .all()
        .collectList();
  }

  private Mono<Map<String, Long>> usage(List<HeldCard> cards, LocalDate month) {
    if (cards.isEmpty()) {
      return Mono.just(Map.of());
    }
    return db.sql(
            "SELECT card_token, rule_id, sum(units) AS used FROM benefit.benefit_usage"
                + " WHERE card_token = ANY(:cards) AND benefit_month = :m GROUP BY 1, 2")
        .bind("cards", cards.stream().map(HeldCard::cardToken).toArray(String[]::new))
        .bind("m", month)
        .map(
            r ->
                Map.entry(
                    r.get("card_token", String.class) + "\u0000" + r.get("rule_id", Long.class),
                    ((Number) r.get("used")).longValue()))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
  }

  /**
   * Whether a tip of the same customer and category lies within the throttle window of {@code at}
   * (event time, either direction), or, for a suggestion, another suggestion within the suggestion
   * window.
   */
  private Mono<Boolean> throttled(String customerId, String categoryKey, TipKind kind, Instant at) {
    boolean suggestion = kind == TipKind.PRODUCT_SUGGESTION;
    return db.sql(
            "SELECT 1 FROM benefit.tips WHERE customer_id = :c AND ((category_key = :k"
                + " AND occurred_at > :from AND occurred_at < :to) OR (:suggestion AND kind ="
                + " 'PRODUCT_SUGGESTION' AND occurred_at > :sfrom AND occurred_at < :sto)) LIMIT 1")
        .bind("c", customerId)
        .bind("k", categoryKey)
        .bind("from", at.minus(throttle.window()).atOffset(ZoneOffset.UTC))
        .bind("to", at.plus(throttle.window()).atOffset(ZoneOffset.UTC))
        .bind("suggestion", suggestion)
        .bind("sfrom", at.minus(settings.suggestionWindow()).atOffset(ZoneOffset.UTC))
        .bind("sto", at.plus(settings.suggestionWindow()).atOffset(ZoneOffset.UTC))
        .map(r -> Boolean.TRUE)
        .one()
        .defaultIfEmpty(Boolean.FALSE);
  }

  private Mono<Long> record(
      String eventId,
      PaymentRequested p,
      LocalDate month,
      Optional<MccGroup> group,
      TipAssessment a,
      TipDecision d) {
    String bestHeldCard =
        a.bestOther()
            .filter(o -> o.earning().valueMinor() > a.usedValueMinor())
            .map(o -> o.card().cardToken())
            .orElse(p.card().token());
    GenericExecuteSpec spec =
        db.sql(
                "INSERT INTO benefit.payment_benefits (payment_id, event_id, customer_id,"
                    + " card_token, occurred_at, benefit_month, mcc, mcc_group, amount_minor,"
                    + " currency, earned_minor, best_held_minor, best_held_card_token,"
                    + " best_catalog_minor, best_catalog_product, tip_kind, no_tip_reason) VALUES"
                    + " (:p, :e, :c, :t, :at, :m, :mcc, :g, :amt, :cur, :earned, :bestHeld,"
                    + " :bestCard, :bestCat, :bestProd, :kind, :reason)")
            .bind("p", p.paymentId())
            .bind("e", eventId)
            .bind("c", p.customerId())
            .bind("t", p.card().token())
            .bind("at", p.occurredAt())
            .bind("m", month)
            .bind("mcc", p.merchant().mcc())
            .bind("amt", p.amountMinor())
            .bind("cur", p.currency())
            .bind("earned", a.usedValueMinor())
            .bind("bestHeld", a.bestHeldValueMinor())
            .bind("bestCard", bestHeldCard)
            .bind("bestCat", a.bestPossibleValueMinor())
            .bind("kind", d.kind().name())
            .bind("reason", d.reason().name());
    spec =
        group.isPresent() ? spec.bind("g", group.get().code()) : spec.bindNull("g", String.class);
    spec =
        a.bestCatalog().isPresent()
            ? spec.bind("bestProd", a.bestCatalog().get().product().code())
            : spec.bindNull("bestProd", String.class);
    return spec.fetch().rowsUpdated();
  }

  private Mono<Long> recordUsage(PaymentRequested p, LocalDate month, Earning earning) {
    if (earning.ruleId() == null || earning.units() <= 0) {
      return Mono.just(0L);
    }
    return db.sql(
            "INSERT INTO benefit.benefit_usage (payment_id, card_token, rule_id, benefit_month,"
                + " units, value_minor) VALUES (:p, :t, :r, :m, :u, :v)"
                + " ON CONFLICT (payment_id, rule_id) DO NOTHING")
        .bind("p", p.paymentId())
        .bind("t", p.card().token())
        .bind("r", earning.ruleId())
        .bind("m", month)
        .bind("u", earning.units())
        .bind("v", earning.valueMinor())
        .fetch()
        .rowsUpdated();
  }

  private Mono<Long> tip(
      PaymentRequested p, Optional<MccGroup> group, String categoryKey, TipDecision d) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("merchant", p.merchant().name() == null ? "" : p.merchant().name());
    params.put("category", group.map(MccGroup::name).orElse("MCC " + p.merchant().mcc()));
    params.put("amount", MinorUnits.withCurrency(p.amountMinor(), p.currency()));
    params.put("difference", MinorUnits.withCurrency(d.differenceMinor(), p.currency()));
    params.put("differenceAmount", MinorUnits.decimal(d.differenceMinor(), p.currency()));
    params.put("currency", p.currency());
    String suggestedCard = null;
    String suggestedProduct = null;
    if (d.kind() == TipKind.BETTER_CARD) {
      HeldCard better = d.card().card();
      suggestedCard = better.cardToken();
      params.put("card", better.displayName());
      params.put("cardBrand", better.brand());
      params.put("cardLastFour", better.lastFour());
    } else {
      suggestedProduct = d.product().product().code();
      params.put("product", d.product().product().name());
      params.put("issuer", d.product().product().issuer());
    }
    String templateId = d.kind().templateId();
    String dedupKey = templateId + ":" + p.paymentId();
    UUID tipId = UUID.nameUUIDFromBytes(dedupKey.getBytes(StandardCharsets.UTF_8));
    NotificationRequested notification =
        new NotificationRequested(
            tipId.toString(),
            dedupKey,
            p.customerId(),
            NotificationChannel.PREFERRED,
            templateId,
            null,
            params,
            false,
            p.paymentId(),
            Instant.now());
    Event<NotificationRequested> event =
        new Event<>(
            "benefit-tip:" + p.paymentId(),
            SOURCE,
            EventTypes.NOTIFICATION_REQUESTED,
            OffsetDateTime.now(ZoneOffset.UTC),
            p.paymentId(),
            notification);
    GenericExecuteSpec spec =
        db.sql(
                "INSERT INTO benefit.tips (tip_id, payment_id, customer_id, category_key, kind,"
                    + " occurred_at, suggested_card_token, suggested_product, difference_minor,"
                    + " currency) VALUES (:id, :p, :c, :k, :kind, :at, :card, :prod, :diff, :cur)")
            .bind("id", tipId)
            .bind("p", p.paymentId())
            .bind("c", p.customerId())
            .bind("k", categoryKey)
            .bind("kind", d.kind().name())
            .bind("at", p.occurredAt())
            .bind("diff", d.differenceMinor())
            .bind("cur", p.currency());
    spec =
        suggestedCard == null
            ? spec.bindNull("card", String.class)
            : spec.bind("card", suggestedCard);
    spec =
        suggestedProduct == null
            ? spec.bindNull("prod", String.class)
            : spec.bind("prod", suggestedProduct);
    return spec.fetch()
        .rowsUpdated()
        .then(outbox.enqueue(Topics.NOTIFICATIONS, p.customerId(), event));
  }

  private void count(TipOutcome o) {
    Counter.builder("benefit.payments")
        .tag("duplicate", Boolean.toString(o.duplicate()))
        .tag("tip", o.kind().name())
        .tag("reason", o.reason().name())
        .register(meters)
        .increment();
  }
}
