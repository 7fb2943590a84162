package io.paystream.simulator.dataset;

import io.paystream.contracts.card.Luhn;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Customer;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.GeoMath;
import io.paystream.simulator.model.Merchant;
import io.paystream.simulator.model.Money;
import io.paystream.simulator.model.Transaction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The built-in traffic generator: deterministic for a seed, needs no files.
 *
 * <ul>
 *   <li>Customers live in real world cities ({@link #CITIES}), hold 1–3 cards (Luhn-valid numbers
 *       in well-known test IIN ranges) and pay at merchants of their current city with a daily
 *       pattern (breakfast, lunch, evening peaks in local time); about 15 % of payments are online.
 *   <li>Merchants have an MCC, a GPS-accurate location ({@value #TERMINAL_ACCURACY_KM} km) near the
 *       city centre and charge in the local currency.
 *   <li>Genuine trips: about {@code tripShare} of customers fly to another city at {@value
 *       #FLIGHT_SPEED_KMH} km/h plus {@value #AIRPORT_HOURS} h at airports, pay locally for 2–4
 *       days and fly home. Every genuine pair of located payments on a card is at most the flight
 *       speed apart.
 *   <li>Fraud episodes: about {@code fraudShare} of customers have a card cloned; the clone is used
 *       1–4 times in a city at least {@value #FRAUD_MIN_KM} km away while the owner pays at home
 *       within the hour before and after. Clone payments are labelled fraud.
 * </ul>
 */
public final class TrafficGenerator implements DatasetAdapter {

  static final double TERMINAL_ACCURACY_KM = 0.05;
  static final double FLIGHT_SPEED_KMH = 800;
  static final double AIRPORT_HOURS = 2;
  static final double FRAUD_MIN_KM = 3_000;

  /** A world city where customers live and merchants are. */
  public record City(
      String name,
      String country,
      double lat,
      double lon,
      String zone,
      String currency,
      double perUsd,
      String phonePrefix,
      String locale) {}

  /** Real cities with their coordinates (city centre), zone, currency and a rough USD rate. */
  public static final List<City> CITIES =
      List.of(
          new City("Seoul", "KR", 37.5665, 126.9780, "Asia/Seoul", "KRW", 1350, "+8210", "ko"),
          new City("Busan", "KR", 35.1796, 129.0756, "Asia/Seoul", "KRW", 1350, "+8210", "ko"),
          new City("New York", "US", 40.7128, -74.0060, "America/New_York", "USD", 1, "", "en"),
          new City(
              "Los Angeles", "US", 34.0522, -118.2437, "America/Los_Angeles", "USD", 1, "", "en"),
          new City("Chicago", "US", 41.8781, -87.6298, "America/Chicago", "USD", 1, "", "en"),
          new City("London", "GB", 51.5074, -0.1278, "Europe/London", "GBP", 0.79, "+447", "en"),
          new City("Paris", "FR", 48.8566, 2.3522, "Europe/Paris", "EUR", 0.92, "+336", "en"),
          new City("Berlin", "DE", 52.5200, 13.4050, "Europe/Berlin", "EUR", 0.92, "+4915", "en"),
          new City("Tokyo", "JP", 35.6762, 139.6503, "Asia/Tokyo", "JPY", 150, "+8190", "en"),
          new City(
              "Singapore", "SG", 1.3521, 103.8198, "Asia/Singapore", "SGD", 1.35, "+658", "en"),
          new City(
              "Sydney", "AU", -33.8688, 151.2093, "Australia/Sydney", "AUD", 1.5, "+614", "en"),
          new City("Toronto", "CA", 43.6532, -79.3832, "America/Toronto", "CAD", 1.36, "", "en"),
          new City(
              "Sao Paulo", "BR", -23.5505, -46.6333, "America/Sao_Paulo", "BRL", 5, "+5511", "en"),
          new City("Madrid", "ES", 40.4168, -3.7038, "Europe/Madrid", "EUR", 0.92, "+346", "en"),
          new City("Dubai", "AE", 25.2048, 55.2708, "Asia/Dubai", "AED", 3.67, "+97150", "en"));

  private record Category(String mcc, String label, double typicalUsd) {}

  private static final List<Category> CATEGORIES =
      List.of(
          new Category("5411", "Grocery", 45),
          new Category("5812", "Restaurant", 35),
          new Category("5814", "Fast food", 12),
          new Category("5541", "Fuel", 50),
          new Category("5912", "Pharmacy", 20),
          new Category("5311", "Department store", 80),
          new Category("4111", "Transit", 5),
          new Category("7832", "Cinema", 15),
          new Category("5999", "Shop", 30),
          new Category("7011", "Hotel", 180));

  private static final List<Category> ONLINE_CATEGORIES =
      List.of(
          new Category("5969", "Online store", 40),
          new Category("4899", "Streaming", 12),
          new Category("5818", "Digital goods", 8));

  private final long seed;
  private final int customerCount;
  private final int days;
  private final LocalDate start;
  private final double tripShare;
  private final double fraudShare;

  /**
   * @param seed random seed: the same seed gives the same dataset
   * @param customerCount number of customers (≥ 1)
   * @param days days of traffic (≥ 1)
   * @param start first day (local dates)
   * @param tripShare share of customers who take a trip, 0..1
   * @param fraudShare share of customers with a cloned-card episode, 0..1
   */
  public TrafficGenerator(
      long seed,
      int customerCount,
      int days,
      LocalDate start,
      double tripShare,
      double fraudShare) {
    this.seed = seed;
    this.customerCount = customerCount;
    this.days = days;
    this.start = start;
    this.tripShare = tripShare;
    this.fraudShare = fraudShare;
  }

  /** The default: seed 42, 150 customers, 10 days from 2025-03-03, 10 % trips, 5 % fraud. */
  public static TrafficGenerator defaults() {
    return new TrafficGenerator(42, 150, 10, LocalDate.of(2025, 3, 3), 0.10, 0.05);
  }

  private record Site(Merchant merchant, City city, Category category) {}

  @Override
  public Dataset load() {
    Random random = new Random(seed);
    List<Merchant> merchants = new ArrayList<>();
    Map<String, List<Site>> sitesByCity = new TreeMap<>();
    for (City city : CITIES) {
      List<Site> sites = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Category category = CATEGORIES.get(i % CATEGORIES.size());
        GeoLocation location = near(random, city, 8, TERMINAL_ACCURACY_KM);
        String id =
            String.format(Locale.ROOT, "gen-m%s-%s-%02d", category.mcc(), slug(city.name()), i);
        Merchant m =
            new Merchant(
                id,
                category.label() + " " + city.name() + " #" + i,
                category.mcc(),
                city.name() + ", " + city.country(),
                city.country(),
                location,
                ZoneId.of(city.zone()));
        merchants.add(m);
        sites.add(new Site(m, city, category));
      }
      sitesByCity.put(city.name(), sites);
    }
    List<Site> online = new ArrayList<>();
    for (int i = 0; i < ONLINE_CATEGORIES.size(); i++) {
      Category category = ONLINE_CATEGORIES.get(i);
      Merchant m =
          new Merchant(
              "gen-m" + category.mcc() + "-online-" + i,
              category.label() + " #" + i,
              category.mcc(),
              "online",
              "US", // a merchant of record is established somewhere even if it sells online
              null,
              ZoneId.of("UTC"));
      merchants.add(m);
      online.add(new Site(m, null, category));
    }

    List<Customer> customers = new ArrayList<>();
    List<Card> cards = new ArrayList<>();
    List<Transaction> transactions = new ArrayList<>();
    int[] txSeq = {0};
    for (int c = 0; c < customerCount; c++) {
      City home = CITIES.get(random.nextInt(CITIES.size()));
      String name =
          FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()))
              + " "
              + LAST_NAMES.get(random.nextInt(LAST_NAMES.size()));
      String phone =
          home.phonePrefix().isEmpty()
              ? Contacts.phone(Contacts.GENERATOR, c)
              : home.phonePrefix() + String.format(Locale.ROOT, "%08d", 10_000_000 + c);
      Customer customer =
          new Customer(
              String.format(Locale.ROOT, "gen-u%05d", c),
              name,
              phone,
              Contacts.email(name, c, "generator.example"),
              home.locale(),
              near(random, home, 5, 1));
      customers.add(customer);
      int cardCount = 1 + random.nextInt(3);
      List<Card> own = new ArrayList<>();
      for (int k = 0; k < cardCount; k++) {
        Card card = newCard(random, customer.customerId(), k);
        own.add(card);
        cards.add(card);
      }

      // The customer's itinerary: home, with perhaps one trip.
      ZonedDateTime dayZero = start.atStartOfDay(ZoneId.of(home.zone()));
      Instant end = dayZero.plusDays(days).toInstant();
      City away = null;
      Instant departure = null;
      Instant arrival = null;
      Instant returnDeparture = null;
      Instant returnArrival = null;
      if (random.nextDouble() < tripShare && days >= 4) {
        away = farCity(random, home, 500);
        double hours = flightHours(home, away);
        departure =
            dayZero
                .plusDays(1 + random.nextInt(Math.max(1, days - 4)))
                .plusHours(9 + random.nextInt(8))
                .toInstant();
        arrival = departure.plus(Duration.ofMinutes((long) (hours * 60)));
        returnDeparture = arrival.plus(Duration.ofHours(48 + random.nextInt(48)));
        returnArrival = returnDeparture.plus(Duration.ofMinutes((long) (hours * 60)));
      }

      for (int d = 0; d < days; d++) {
        ZonedDateTime day = dayZero.plusDays(d);
        int payments = 1 + random.nextInt(3);
        for (int p = 0; p < payments; p++) {
          Instant when = day.plusMinutes(dailyMinute(random)).toInstant();
          if (!when.isBefore(end)) {
            continue;
          }
          City where = home;
          if (departure != null) {
            if (!when.isBefore(departure) && when.isBefore(arrival)) {
              continue; // in the air
            }
            if (!when.isBefore(returnDeparture) && when.isBefore(returnArrival)) {
              continue;
            }
            if (!when.isBefore(arrival) && when.isBefore(returnDeparture)) {
              where = away;
            }
          }
          Card card = own.get(random.nextInt(own.size()));
          boolean isOnline = random.nextDouble() < 0.15;
          Site site =
              isOnline
                  ? online.get(random.nextInt(online.size()))
                  : pick(random, sitesByCity.get(where.name()));
          transactions.add(payment(random, txSeq, card, site, where, home, when, false));
        }
      }

      if (random.nextDouble() < fraudShare) {
        Card victim = own.get(random.nextInt(own.size()));
        City fraudCity = farCity(random, home, FRAUD_MIN_KM);
        Instant at =
            dayZero.plusDays(random.nextInt(days)).plusHours(10 + random.nextInt(10)).toInstant();
        if (departure != null
            && !at.isBefore(departure.minus(Duration.ofHours(6)))
            && at.isBefore(returnArrival.plus(Duration.ofHours(6)))) {
          at = returnArrival.plus(Duration.ofHours(12));
        }
        if (at.isBefore(end)) {
          // the owner pays at home shortly before and after the clone is used
          Site homeSite = pick(random, sitesByCity.get(home.name()));
          transactions.add(
              payment(
                  random,
                  txSeq,
                  victim,
                  homeSite,
                  home,
                  home,
                  at.minus(Duration.ofMinutes(40)),
                  false));
          int clonePayments = 1 + random.nextInt(4);
          Instant t = at;
          for (int i = 0; i < clonePayments; i++) {
            Site site = pick(random, sitesByCity.get(fraudCity.name()));
            transactions.add(payment(random, txSeq, victim, site, fraudCity, home, t, true));
            t = t.plus(Duration.ofMinutes(5 + random.nextInt(20)));
          }
          transactions.add(
              payment(
                  random,
                  txSeq,
                  victim,
                  pick(random, sitesByCity.get(home.name())),
                  home,
                  home,
                  t.plus(Duration.ofMinutes(30)),
                  false));
        }
      }
    }
    Map<String, Long> notes = new TreeMap<>();
    notes.put("fraud-labelled", transactions.stream().filter(Transaction::fraud).count());
    return new Dataset(
        String.format(
            Locale.ROOT,
            "generator:seed=%d,customers=%d,days=%d,start=%s",
            seed,
            customerCount,
            days,
            start),
        customers,
        cards,
        merchants,
        transactions,
        Map.of(),
        notes);
  }

  private static Transaction payment(
      Random random,
      int[] seq,
      Card card,
      Site site,
      City where,
      City home,
      Instant when,
      boolean fraud) {
    Merchant m = site.merchant();
    // online merchants charge in the cardholder's home currency, present ones in the local one
    City currencyCity = m.onlineOnly() ? home : where;
    ZoneId zone = ZoneId.of(m.onlineOnly() ? home.zone() : where.zone());
    double usd = site.category().typicalUsd() * (0.3 + 1.4 * random.nextDouble());
    Currency currency = Currency.getInstance(currencyCity.currency());
    BigDecimal amount =
        BigDecimal.valueOf(usd * currencyCity.perUsd())
            .setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
    if (amount.signum() == 0) {
      amount = BigDecimal.ONE.setScale(currency.getDefaultFractionDigits());
    }
    seq[0]++;
    return new Transaction(
        String.format(Locale.ROOT, "gen-t%07d", seq[0]),
        card.cardId(),
        m.merchantId(),
        new Money(amount, currency),
        m.onlineOnly() ? Channel.ONLINE : Channel.POS,
        when.atZone(zone).toOffsetDateTime(),
        m.location(),
        fraud,
        null);
  }

  /** Minutes after local midnight: breakfast, lunch and evening peaks. */
  private static long dailyMinute(Random random) {
    double r = random.nextDouble();
    double hour;
    if (r < 0.25) {
      hour = 7 + random.nextGaussian() * 0.7;
    } else if (r < 0.6) {
      hour = 12.5 + random.nextGaussian() * 0.8;
    } else if (r < 0.95) {
      hour = 19 + random.nextGaussian() * 1.5;
    } else {
      hour = random.nextDouble() * 24;
    }
    return (long) (Math.max(0, Math.min(23.99, hour)) * 60);
  }

  static double flightHours(City a, City b) {
    return GeoMath.distanceKm(a.lat(), a.lon(), b.lat(), b.lon()) / FLIGHT_SPEED_KMH
        + AIRPORT_HOURS;
  }

  private static City farCity(Random random, City from, double minKm) {
    List<City> far =
        CITIES.stream()
            .filter(c -> GeoMath.distanceKm(from.lat(), from.lon(), c.lat(), c.lon()) >= minKm)
            .toList();
    return far.get(random.nextInt(far.size()));
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private static GeoLocation near(Random random, City city, double radiusKm, double accuracyKm) {
    double r = radiusKm * Math.sqrt(random.nextDouble());
    double bearing = random.nextDouble() * 2 * Math.PI;
    double dLat = r * Math.cos(bearing) / 111.32;
    double dLon = r * Math.sin(bearing) / (111.32 * Math.cos(Math.toRadians(city.lat())));
    return new GeoLocation(city.lat() + dLat, city.lon() + dLon, accuracyKm, city.country());
  }

  private static final List<String[]> BRANDS =
      List.of(
          new String[] {"Visa", "453957", "16"},
          new String[] {"Mastercard", "542418", "16"},
          new String[] {"Amex", "371449", "15"},
          new String[] {"Visa", "401288", "16"});

  private static Card newCard(Random random, String customerId, int index) {
    String[] brand = BRANDS.get(random.nextInt(BRANDS.size()));
    int length = Integer.parseInt(brand[2]);
    StringBuilder payload = new StringBuilder(brand[1]);
    while (payload.length() < length - 1) {
      payload.append(random.nextInt(10));
    }
    String pan = payload + String.valueOf(Luhn.checkDigit(payload.toString()));
    CardType type = CardType.values()[random.nextInt(2)];
    return new Card(
        customerId.replace("-u", "-c") + "-" + index,
        customerId,
        pan,
        1 + random.nextInt(12),
        2028 + random.nextInt(4),
        brand[0],
        type,
        false);
  }

  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
  }

  private static final List<String> FIRST_NAMES =
      List.of(
          "Minji", "Jisoo", "Hyun", "Alex", "Maria", "John", "Emma", "Liam", "Sofia", "Noah",
          "Yuki", "Chen", "Amara", "Lucas", "Olivia", "Mateo", "Aisha", "Hana", "Ethan", "Chloe");
  private static final List<String> LAST_NAMES =
      List.of(
          "Kim", "Lee", "Park", "Smith", "Garcia", "Muller", "Martin", "Tanaka", "Wang", "Silva",
          "Brown", "Choi", "Rossi", "Jones", "Nguyen", "Khan", "Dubois", "Sato", "Lopez", "Cohen");
}
