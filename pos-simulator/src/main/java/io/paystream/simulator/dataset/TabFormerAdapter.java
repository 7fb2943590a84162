package io.paystream.simulator.dataset;

import io.paystream.contracts.card.Luhn;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Customer;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.Merchant;
import io.paystream.simulator.model.Money;
import io.paystream.simulator.model.Transaction;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * IBM TabFormer ({@code card_transaction*.csv[.gz]} with {@code sd254_users} and {@code
 * sd254_cards} beside it; merchant coordinates from the {@code geo/} gazetteer).
 *
 * <ul>
 *   <li>Merchant site = TabFormer merchant name at one place (zip, country or online): {@code
 *       tf-m<name>-<zip|iso2|online>}. US sites at their zip centroid, foreign sites at their
 *       country centre point (see {@link Gazetteer} for the radii); {@code ONLINE} → channel
 *       ONLINE, no location.
 *   <li>Times are local wall-clock times at the merchant: read in the merchant's zone (US state or
 *       country, {@link TimeZones}); online payments in the cardholder's home-state zone. A local
 *       time in a DST gap moves forward by the gap ({@link ZonedDateTime#of} semantics), in an
 *       overlap it takes the earlier offset; both are counted.
 *   <li>Amounts are {@code $}-formatted USD; negative amounts are refunds, not payments: skipped
 *       and counted ({@code negative-amount}).
 *   <li>Card numbers failing Luhn get their last digit replaced by the correct check digit (counted
 *       as {@code luhn-check-digit-replaced}); the CVV column is never read.
 *   <li>Only customers and cards that appear in the transactions are loaded; phone and e-mail are
 *       made up deterministically ({@link Contacts}).
 * </ul>
 */
public final class TabFormerAdapter implements DatasetAdapter {

  private static final Currency USD = Currency.getInstance("USD");

  private final Path transactionsFile;
  private final Path dir;
  private final Path geoDir;

  /**
   * @param path the transactions file or the directory holding it
   * @param geoDir the gazetteer directory (default: {@code <path's dir>/../geo})
   */
  public TabFormerAdapter(Path path, Path geoDir) throws IOException {
    this.transactionsFile =
        DatasetFormat.transactionsFile(path)
            .orElseThrow(() -> new IOException("no TabFormer transactions file in " + path));
    this.dir = transactionsFile.toAbsolutePath().getParent();
    this.geoDir = geoDir != null ? geoDir : dir.resolveSibling("geo");
  }

  private record UserRow(String name, String state, GeoLocation home) {}

  private record CardRow(
      String number, int expiryMonth, int expiryYear, String brand, String type) {}

  @Override
  public Dataset load() throws IOException {
    Gazetteer gazetteer = Gazetteer.load(geoDir);
    List<UserRow> users = readUsers(sibling("sd254_users"));
    Map<String, CardRow> cardRows = readCards(sibling("sd254_cards"));

    Map<String, Long> skipped = new TreeMap<>();
    Map<String, Long> notes = new TreeMap<>();
    Map<String, Customer> customers = new LinkedHashMap<>();
    Map<String, Card> cards = new LinkedHashMap<>();
    Map<String, Merchant> merchants = new LinkedHashMap<>();
    List<Transaction> transactions = new ArrayList<>();

    try (Reader reader = DatasetFormat.open(transactionsFile)) {
      long row = 0;
      for (CSVRecord r : csv().parse(reader)) {
        row++;
        String amountText = r.get("Amount").trim().replace("$", "").replace(",", "");
        BigDecimal amount = new BigDecimal(amountText);
        if (amount.signum() < 0) {
          count(skipped, "negative-amount");
          continue;
        }
        int user = Integer.parseInt(r.get("User").trim());
        String cardKey = user + "-" + r.get("Card").trim();
        CardRow cardRow = cardRows.get(cardKey);
        if (user >= users.size() || cardRow == null) {
          count(skipped, "unknown-card");
          continue;
        }
        UserRow userRow = users.get(user);
        String customerId = "tf-u" + user;
        customers.computeIfAbsent(
            customerId,
            id ->
                new Customer(
                    id,
                    userRow.name(),
                    Contacts.phone(Contacts.TABFORMER, user),
                    Contacts.email(userRow.name(), user, "tabformer.example"),
                    "en",
                    userRow.home()));
        String cardId = "tf-c" + cardKey;
        Card card = cards.computeIfAbsent(cardId, id -> toCard(id, customerId, cardRow, notes));

        Optional<Merchant> merchant = merchantSite(r, gazetteer, merchants, userRow, notes);
        if (merchant.isEmpty()) {
          count(skipped, "unknown-merchant-location");
          continue;
        }
        Merchant m = merchant.get();
        Channel channel = m.onlineOnly() ? Channel.ONLINE : Channel.POS;
        ZoneId zone =
            m.onlineOnly()
                ? TimeZones.usState(userRow.state()).orElse(TimeZones.fallback())
                : m.zone();
        String[] hm = r.get("Time").trim().split(":");
        LocalDateTime local =
            LocalDateTime.of(
                Integer.parseInt(r.get("Year").trim()),
                Integer.parseInt(r.get("Month").trim()),
                Integer.parseInt(r.get("Day").trim()),
                Integer.parseInt(hm[0]),
                Integer.parseInt(hm[1]));
        var transitions = zone.getRules().getValidOffsets(local);
        if (transitions.isEmpty()) {
          count(notes, "local-time-in-dst-gap");
        } else if (transitions.size() > 1) {
          count(notes, "local-time-in-dst-overlap");
        }
        String errors = r.get("Errors?").trim();
        transactions.add(
            new Transaction(
                "tf-r" + row,
                card.cardId(),
                m.merchantId(),
                new Money(amount, USD),
                channel,
                ZonedDateTime.of(local, zone).toOffsetDateTime(),
                m.location(),
                "Yes".equalsIgnoreCase(r.get("Is Fraud?").trim()),
                errors.isEmpty() ? null : errors.replaceAll(",$", "")));
      }
    }
    return new Dataset(
        "tabformer:" + transactionsFile,
        List.copyOf(customers.values()),
        List.copyOf(cards.values()),
        List.copyOf(merchants.values()),
        transactions,
        skipped,
        notes);
  }

  private static Card toCard(String id, String customerId, CardRow row, Map<String, Long> notes) {
    String pan = row.number();
    boolean replaced = !Luhn.isValid(pan);
    if (replaced) {
      pan = Luhn.withValidCheckDigit(pan);
      count(notes, "luhn-check-digit-replaced");
    }
    CardType type =
        row.type().toLowerCase(Locale.ROOT).contains("prepaid")
            ? CardType.PREPAID
            : row.type().toLowerCase(Locale.ROOT).startsWith("credit")
                ? CardType.CREDIT
                : CardType.DEBIT;
    return new Card(
        id, customerId, pan, row.expiryMonth(), row.expiryYear(), row.brand(), type, replaced);
  }

  private static Optional<Merchant> merchantSite(
      CSVRecord r,
      Gazetteer gazetteer,
      Map<String, Merchant> merchants,
      UserRow user,
      Map<String, Long> notes) {
    String name = r.get("Merchant Name").trim();
    String city = r.get("Merchant City").trim();
    String state = r.get("Merchant State").trim();
    String zipText = r.get("Zip").trim();
    String mcc = String.format(Locale.ROOT, "%04d", Integer.parseInt(r.get("MCC").trim()));
    if (city.equalsIgnoreCase("ONLINE")) {
      String id = "tf-m" + name + "-online";
      return Optional.of(
          merchants.computeIfAbsent(
              id,
              k ->
                  new Merchant(
                      k,
                      "Merchant " + name + " (online)",
                      mcc,
                      "online",
                      // a merchant of record always has a country of establishment; the data
                      // is a US issuer's and says nothing more, so US
                      "US",
                      null,
                      TimeZones.usState(user.state()).orElse(TimeZones.fallback()))));
    }
    if (!zipText.isEmpty()) {
      String zip = String.format(Locale.ROOT, "%05d", (int) Double.parseDouble(zipText));
      Optional<GeoLocation> location = gazetteer.zip(zip);
      if (location.isEmpty()) {
        return Optional.empty();
      }
      String id = "tf-m" + name + "-" + zip;
      return Optional.of(
          merchants.computeIfAbsent(
              id,
              k -> {
                ZoneId zone = TimeZones.usState(state).orElse(null);
                if (zone == null) {
                  count(notes, "time-zone-fallback-utc");
                  zone = TimeZones.fallback();
                }
                return new Merchant(
                    k,
                    "Merchant " + name + " (" + city + ", " + state + ")",
                    mcc,
                    city + ", " + state + " " + zip,
                    "US",
                    location.get(),
                    zone);
              }));
    }
    Optional<Gazetteer.Country> country = gazetteer.country(state);
    if (country.isEmpty()) {
      return Optional.empty();
    }
    Gazetteer.Country c = country.get();
    String id = "tf-m" + name + "-" + c.iso2();
    return Optional.of(
        merchants.computeIfAbsent(
            id,
            k -> {
              ZoneId zone = TimeZones.country(c.iso2()).orElse(null);
              if (zone == null) {
                count(notes, "time-zone-fallback-utc");
                zone = TimeZones.fallback();
              }
              return new Merchant(
                  k,
                  "Merchant " + name + " (" + city + ", " + c.name() + ")",
                  mcc,
                  city + ", " + c.name(),
                  c.iso2(),
                  Gazetteer.centre(c),
                  zone);
            }));
  }

  private Path sibling(String stem) throws IOException {
    for (String candidate : List.of(stem + ".csv.gz", stem + ".csv")) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IOException("TabFormer needs " + stem + ".csv[.gz] beside " + transactionsFile);
  }

  private static List<UserRow> readUsers(Path file) throws IOException {
    List<UserRow> users = new ArrayList<>();
    try (Reader reader = DatasetFormat.open(file)) {
      for (CSVRecord r : csv().parse(reader)) {
        GeoLocation home = null;
        try {
          home =
              new GeoLocation(
                  Double.parseDouble(r.get("Latitude")),
                  Double.parseDouble(r.get("Longitude")),
                  Gazetteer.ZCTA_ACCURACY_KM,
                  "US");
        } catch (RuntimeException e) {
          // a user without coordinates keeps no home location
        }
        users.add(new UserRow(r.get("Person").trim(), r.get("State").trim(), home));
      }
    }
    return users;
  }

  /** Reads the card file by column name; the CVV column is never accessed. */
  private static Map<String, CardRow> readCards(Path file) throws IOException {
    Map<String, CardRow> cards = new HashMap<>();
    try (Reader reader = DatasetFormat.open(file)) {
      for (CSVRecord r : csv().parse(reader)) {
        String[] expires = r.get("Expires").trim().split("/");
        cards.put(
            r.get("User").trim() + "-" + r.get("CARD INDEX").trim(),
            new CardRow(
                r.get("Card Number").trim(),
                Integer.parseInt(expires[0]),
                Integer.parseInt(expires[1]),
                r.get("Card Brand").trim(),
                r.get("Card Type").trim()));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return cards;
  }

  static CSVFormat csv() {
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
  }

  static void count(Map<String, Long> counter, String key) {
    counter.merge(key, 1L, Long::sum);
  }
}
