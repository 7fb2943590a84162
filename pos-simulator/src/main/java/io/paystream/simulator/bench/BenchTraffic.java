package io.paystream.simulator.bench;

import io.paystream.contracts.event.Channel;
import io.paystream.simulator.dataset.TrafficGenerator;
import io.paystream.simulator.dataset.TrafficGenerator.City;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Customer;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.GeoMath;
import io.paystream.simulator.model.Merchant;
import io.paystream.simulator.model.Money;
import io.paystream.simulator.model.Transaction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's traffic: the generator's customers, cards and merchant sites (one terminal client
 * per site), and payments that pass every fraud rule so that each is decided at once (approved) and
 * nothing waits for a cardholder:
 *
 * <ul>
 *   <li>cards are used round-robin, so with {@code cards ≥ 16 × rate} a card pays at most 4 times a
 *       minute (the velocity rule holds more than 5 in 60 s);
 *   <li>card-present payments (POS, 85 %) happen at a site of the cardholder's home city (no
 *       impossible travel); card-not-present ones (ONLINE, 15 %) at an online merchant;
 *   <li>a card's amounts stay within ±20 % of its own typical amount, in its home currency (no
 *       amount spike).
 * </ul>
 *
 * Request bodies ({@code docs/api.md}: the amount a decimal string) are built ahead of a step as
 * UTF-8 bytes; they carry the PAN, which never leaves them.
 *
 * <p>The chaos run ({@code make chaos}) also needs payments that <em>are</em> held: {@link
 * #nextBurst} takes one of the {@code burstCards} cards kept out of the rotation and pays with it
 * {@value #BURST_SIZE} times within a few seconds of event time at one site of its home city, so
 * fds-service's velocity rule (more than 5 payments in 60 s) holds the sixth for verification.
 */
public final class BenchTraffic {

  /** Card-not-present share of payments. */
  static final double ONLINE_SHARE = 0.15;

  /** Payments of one burst: the sixth of a card within 60 s is held by the velocity rule. */
  public static final int BURST_SIZE = 6;

  /**
   * One velocity burst.
   *
   * @param card the paying card (kept out of the rotation, used for this burst only)
   * @param payments {@value #BURST_SIZE} card-present payments, event times 1 s apart
   */
  public record Burst(Card card, List<Transaction> payments) {}

  /** A card and what it pays with. */
  record CardPlan(Card card, City home, List<Merchant> localSites, double typicalUsd) {}

  /**
   * One prepared payment request.
   *
   * @param merchantId the paying site; its terminal sends the request
   * @param idempotencyKey unique per request
   * @param body JSON body, UTF-8
   */
  public record Prepared(String merchantId, String idempotencyKey, byte[] body) {}

  private static final DateTimeFormatter OCCURRED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private final Dataset dataset;
  private final List<CardPlan> plans;
  private final List<Merchant> online;
  private final String keyPrefix;
  private final List<CardPlan> burstPlans;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong bursts = new AtomicLong();

  private BenchTraffic(
      Dataset dataset,
      List<CardPlan> plans,
      List<CardPlan> burstPlans,
      List<Merchant> online,
      String prefix) {
    this.dataset = dataset;
    this.plans = plans;
    this.burstPlans = burstPlans;
    this.online = online;
    this.keyPrefix = prefix;
  }

  /**
   * Traffic with at least {@code minCards} cards.
   *
   * @param minCards cards to register (≥ 1)
   * @param seed generator seed
   * @param keyPrefix prefix of the {@code Idempotency-Key}s ({@code <prefix>:<sequence>})
   */
  public static BenchTraffic create(int minCards, long seed, String keyPrefix) {
    return create(minCards, 0, seed, keyPrefix);
  }

  /**
   * Traffic with at least {@code minCards} cards in the rotation and {@code burstCards} more kept
   * for {@link #nextBurst} (cards of a home city with a card-present site).
   */
  public static BenchTraffic create(int minCards, int burstCards, long seed, String keyPrefix) {
    // The generator gives 1-3 cards per customer (2 on average); no trips, no fraud episodes.
    int customers = Math.max(1, (int) Math.ceil((minCards + burstCards * 1.5) / 1.8));
    Dataset d = new TrafficGenerator(seed, customers, 1, LocalDate.of(2025, 3, 3), 0, 0).load();
    Map<String, List<Merchant>> sitesByCity = new LinkedHashMap<>();
    List<Merchant> online = new ArrayList<>();
    for (Merchant m : d.merchants()) {
      if (m.onlineOnly()) {
        online.add(m);
      } else {
        String city = m.address().substring(0, m.address().lastIndexOf(','));
        sitesByCity.computeIfAbsent(city, k -> new ArrayList<>()).add(m);
      }
    }
    Map<String, Customer> customersById = d.customersById();
    Random random = new Random(seed);
    List<CardPlan> plans = new ArrayList<>();
    for (Card card : d.cards()) {
      Customer owner = customersById.get(card.customerId());
      City home = nearestCity(owner);
      plans.add(
          new CardPlan(
              card,
              home,
              List.copyOf(sitesByCity.getOrDefault(home.name(), List.of())),
              8 + random.nextDouble() * 60));
    }
    Random shuffle = new Random(seed + 1);
    java.util.Collections.shuffle(plans, shuffle);
    List<CardPlan> burst = new ArrayList<>();
    for (var it = plans.iterator(); it.hasNext() && burst.size() < burstCards; ) {
      CardPlan plan = it.next();
      if (!plan.localSites().isEmpty()) {
        burst.add(plan);
        it.remove();
      }
    }
    return new BenchTraffic(
        d, List.copyOf(plans), List.copyOf(burst), List.copyOf(online), keyPrefix);
  }

  private static City nearestCity(Customer c) {
    if (c.home() == null) {
      return TrafficGenerator.CITIES.getFirst();
    }
    return TrafficGenerator.CITIES.stream()
        .min(
            Comparator.comparingDouble(
                city -> GeoMath.distanceKm(c.home().lat(), c.home().lon(), city.lat(), city.lon())))
        .orElseThrow();
  }

  /** What to register: customers, cards, merchant sites. */
  public Dataset dataset() {
    return dataset;
  }

  /** Bursts left ({@link #nextBurst}). */
  public int burstsLeft() {
    return (int) Math.max(0, burstPlans.size() - bursts.get());
  }

  /**
   * The next velocity burst ({@link Burst}), its first event at {@code at}: {@value #BURST_SIZE}
   * payments of one reserved card at one site of its home city, amounts within ±20 % of its typical
   * amount; the transaction ids are {@code <prefix>:burst<n>-<i>}.
   *
   * @throws IllegalStateException when every reserved card has had its burst
   */
  public Burst nextBurst(Instant at) {
    long n = bursts.getAndIncrement();
    if (n >= burstPlans.size()) {
      throw new IllegalStateException("no burst card left (" + burstPlans.size() + " reserved)");
    }
    CardPlan plan = burstPlans.get((int) n);
    Merchant site =
        plan.localSites().get((int) Math.floorMod(mix(n), (long) plan.localSites().size()));
    Currency currency = Currency.getInstance(plan.home().currency());
    List<Transaction> payments = new ArrayList<>();
    for (int i = 0; i < BURST_SIZE; i++) {
      double factor = 0.8 + 0.4 * ((mix(n * 31 + i) >>> 11) * 0x1.0p-53);
      BigDecimal amount =
          BigDecimal.valueOf(plan.typicalUsd() * factor * plan.home().perUsd())
              .setScale(Math.max(0, currency.getDefaultFractionDigits()), RoundingMode.HALF_UP);
      if (amount.signum() <= 0) {
        amount = BigDecimal.ONE;
      }
      payments.add(
          new Transaction(
              keyPrefix + ":burst" + n + "-" + i,
              plan.card().cardId(),
              site.merchantId(),
              new Money(amount, currency),
              Channel.POS,
              at.plusSeconds(i).atZone(site.zone()).toOffsetDateTime().withNano(0),
              site.location(),
              false,
              null));
    }
    return new Burst(plan.card(), payments);
  }

  /** Number of cards in rotation. */
  public int cardCount() {
    return plans.size();
  }

  /**
   * The next {@code count} payments, the {@code i}-th meant to be sent at {@code start + i/rate}
   * (its {@code occurredAt}, whole seconds, in the place's offset).
   */
  public List<Prepared> next(int count, Instant start, double ratePerSec) {
    List<Prepared> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long seq = sequence.getAndIncrement();
      Instant at = start.plusNanos((long) (i * 1e9 / ratePerSec));
      out.add(build(seq, at));
    }
    return out;
  }

  private Prepared build(long seq, Instant at) {
    CardPlan plan = plans.get((int) (seq % plans.size()));
    // a deterministic per-payment draw (splitmix-style hash of the sequence)
    long h = mix(seq);
    boolean cardPresent = plan.localSites().size() > 0 && (h >>> 11) * 0x1.0p-53 >= ONLINE_SHARE;
    Merchant site =
        cardPresent
            ? plan.localSites().get((int) Math.floorMod(h >>> 7, (long) plan.localSites().size()))
            : online.get((int) Math.floorMod(h >>> 3, (long) online.size()));
    Currency currency = Currency.getInstance(plan.home().currency());
    double factor = 0.8 + 0.4 * ((mix(h) >>> 11) * 0x1.0p-53);
    BigDecimal amount =
        BigDecimal.valueOf(plan.typicalUsd() * factor * plan.home().perUsd())
            .setScale(Math.max(0, currency.getDefaultFractionDigits()), RoundingMode.HALF_UP);
    if (amount.signum() <= 0) {
      amount = BigDecimal.ONE;
    }
    ZoneId zone = cardPresent ? site.zone() : ZoneId.of(plan.home().zone());
    StringBuilder b = new StringBuilder(384);
    b.append("{\"card\":{\"pan\":\"")
        .append(plan.card().pan())
        .append("\"},\"amount\":\"")
        .append(amount.toPlainString())
        .append("\",\"currency\":\"")
        .append(currency.getCurrencyCode())
        .append("\",\"merchantId\":\"")
        .append(site.merchantId())
        .append("\",\"terminalId\":\"T-")
        .append(site.merchantId())
        .append("\",\"channel\":\"")
        .append(cardPresent ? "POS" : "ONLINE")
        .append("\",\"occurredAt\":\"")
        .append(OCCURRED_AT.format(at.atZone(zone)))
        .append('"');
    if (cardPresent) {
      b.append(",\"location\":{\"lat\":")
          .append(site.location().lat())
          .append(",\"lon\":")
          .append(site.location().lon())
          .append(",\"accuracyKm\":")
          .append(site.location().accuracyKm())
          .append('}');
    }
    b.append('}');
    return new Prepared(
        site.merchantId(), keyPrefix + ":" + seq, b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static long mix(long z) {
    z = (z + 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
