package io.paystream.simulator.dataset;

import io.paystream.contracts.card.CardNumbers;
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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Sparkov simulated transactions ({@code fraudTrain.csv}: leading unnamed index column, CRLF line
 * ends, quoted fields with commas).
 *
 * <ul>
 *   <li>Coordinates are given: the payment is located at {@code merch_lat/merch_long} with a
 *       {@value #MERCHANT_ACCURACY_KM} km radius; the merchant registers at its first seen point.
 *   <li>{@code *_net} categories are card-not-present: channel ONLINE, no location, online-only
 *       merchant. Categories map to representative MCCs ({@link #MCC_BY_CATEGORY}).
 *   <li>{@code trans_date_trans_time} is a local time without zone, read in the cardholder's state
 *       zone (merchants are within about 1° of the cardholder); {@code unix_time} is ignored.
 *   <li>Customer = (first, last, dob); one card per {@code cc_num}; expiry is not in the data and
 *       is set to 12/2030; type CREDIT; brand from the IIN ranges ({@link #brand}).
 *   <li>Card numbers ({@link #cardNumber}): {@code cc_num} was stored as an integer, so a 12-digit
 *       Maestro number starting with {@code 0} (IIN {@code 0604}) lost its leading zero and reads
 *       as 11 digits. Such a number is restored to 12 digits (counted once per card in notes as
 *       {@value #LEADING_ZERO_RESTORED}). A leading zero never changes the Luhn sum, so the check
 *       cannot tell the two apart: the restore is decided by length (no PAN is shorter than 12
 *       digits, ISO/IEC 7812-1) and the padded number must be a PAN ({@link CardNumbers#isPan}).
 *       Any other number that is not a PAN is skipped with its reason ({@value #SKIP_LENGTH},
 *       {@value #SKIP_LUHN}), never sent.
 *   <li>Ids never contain the card number: card ids hash it ({@code sp-c<sha256 prefix>}).
 * </ul>
 */
public final class SparkovAdapter implements DatasetAdapter {

  static final double MERCHANT_ACCURACY_KM = 0.1;

  /** Note: an 11-digit {@code cc_num} restored to its 12 digits with the lost leading zero. */
  static final String LEADING_ZERO_RESTORED = "card-number-leading-zero-restored";

  /** Skip reason: a {@code cc_num} outside 12–19 digits even with a restored leading zero. */
  static final String SKIP_LENGTH = "card-number-not-12-to-19-digits";

  /** Skip reason: a {@code cc_num} failing the Luhn check. */
  static final String SKIP_LUHN = "card-number-fails-luhn";

  /** What the adapter makes of one {@code cc_num}: the PAN to send, or why the row is skipped. */
  record CardNumber(String pan, String skipReason, boolean leadingZeroRestored) {}

  /** Sparkov category → representative ISO 18245 MCC. */
  public static final Map<String, String> MCC_BY_CATEGORY =
      Map.ofEntries(
          Map.entry("gas_transport", "5541"),
          Map.entry("grocery_pos", "5411"),
          Map.entry("grocery_net", "5411"),
          Map.entry("home", "5200"),
          Map.entry("shopping_pos", "5311"),
          Map.entry("shopping_net", "5311"),
          Map.entry("kids_pets", "5995"),
          Map.entry("personal_care", "7230"),
          Map.entry("food_dining", "5812"),
          Map.entry("health_fitness", "7997"),
          Map.entry("entertainment", "7832"),
          Map.entry("misc_pos", "5999"),
          Map.entry("misc_net", "5999"),
          Map.entry("travel", "4722"));

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Currency USD = Currency.getInstance("USD");

  private final Path file;

  /**
   * @param path the {@code fraud*.csv[.gz]} file or a directory holding it
   */
  public SparkovAdapter(Path path) throws IOException {
    this.file =
        DatasetFormat.transactionsFile(path)
            .orElseThrow(() -> new IOException("no Sparkov file in " + path));
  }

  @Override
  public Dataset load() throws IOException {
    Map<String, Long> skipped = new TreeMap<>();
    Map<String, Long> notes = new TreeMap<>();
    Map<String, Customer> customers = new LinkedHashMap<>();
    Map<String, Card> cards = new LinkedHashMap<>();
    Map<String, Merchant> merchants = new LinkedHashMap<>();
    List<Transaction> transactions = new ArrayList<>();
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setAllowMissingColumnNames(true)
            .get();
    try (Reader reader = DatasetFormat.open(file)) {
      for (CSVRecord r : format.parse(reader)) {
        BigDecimal amount = new BigDecimal(r.get("amt").trim());
        if (amount.signum() < 0) {
          TabFormerAdapter.count(skipped, "negative-amount");
          continue;
        }
        String state = r.get("state").trim();
        ZoneId zone = TimeZones.usState(state).orElse(null);
        if (zone == null) {
          TabFormerAdapter.count(notes, "time-zone-fallback-utc");
          zone = TimeZones.fallback();
        }
        String customerKey = r.get("first") + "|" + r.get("last") + "|" + r.get("dob");
        String customerId = "sp-u" + hash(customerKey);
        if (!customers.containsKey(customerId)) {
          int index = customers.size();
          String name = r.get("first").trim() + " " + r.get("last").trim();
          customers.put(
              customerId,
              new Customer(
                  customerId,
                  name,
                  Contacts.phone(Contacts.SPARKOV, index),
                  Contacts.email(name, index, "sparkov.example"),
                  "en",
                  new GeoLocation(
                      Double.parseDouble(r.get("lat")),
                      Double.parseDouble(r.get("long")),
                      1,
                      "US")));
        }
        CardNumber number = cardNumber(r.get("cc_num"));
        if (number.skipReason() != null) {
          TabFormerAdapter.count(skipped, number.skipReason());
          continue;
        }
        String pan = number.pan();
        String cardId = "sp-c" + hash(pan);
        if (number.leadingZeroRestored() && !cards.containsKey(cardId)) {
          TabFormerAdapter.count(notes, LEADING_ZERO_RESTORED); // once per card
        }
        cards.computeIfAbsent(
            cardId,
            id -> new Card(id, customerId, pan, 12, 2030, brand(pan), CardType.CREDIT, false));

        String category = r.get("category").trim();
        boolean online = category.endsWith("_net");
        String mcc = MCC_BY_CATEGORY.getOrDefault(category, "5999");
        GeoLocation location =
            online
                ? null
                : new GeoLocation(
                    Double.parseDouble(r.get("merch_lat")),
                    Double.parseDouble(r.get("merch_long")),
                    MERCHANT_ACCURACY_KM,
                    "US");
        String merchantName = r.get("merchant").trim().replaceFirst("^fraud_", "");
        String merchantId = "sp-m" + hash(merchantName + "|" + category);
        ZoneId merchantZone = zone;
        merchants.computeIfAbsent(
            merchantId,
            id ->
                new Merchant(
                    id,
                    merchantName,
                    mcc,
                    online ? "online" : r.get("city").trim() + ", " + state,
                    "US", // online merchants too: every merchant of record has a country (US data)
                    location,
                    merchantZone));
        LocalDateTime local = LocalDateTime.parse(r.get("trans_date_trans_time").trim(), TIME);
        transactions.add(
            new Transaction(
                "sp-" + r.get("trans_num").trim(),
                cardId,
                merchantId,
                new Money(amount, USD),
                online ? Channel.ONLINE : Channel.POS,
                ZonedDateTime.of(local, zone).toOffsetDateTime(),
                location,
                "1".equals(r.get("is_fraud").trim()),
                null));
      }
    }
    return new Dataset(
        "sparkov:" + file,
        List.copyOf(customers.values()),
        List.copyOf(cards.values()),
        List.copyOf(merchants.values()),
        transactions,
        skipped,
        notes);
  }

  /**
   * The PAN of a {@code cc_num} value: digits as given when they are a PAN (12–19 digits,
   * Luhn-valid), an 11-digit value with its lost leading zero restored when that makes a PAN, else
   * the skip reason ({@value #SKIP_LENGTH}, {@value #SKIP_LUHN}). Never throws; the reason never
   * holds the digits.
   */
  static CardNumber cardNumber(String ccNum) {
    String digits = ccNum == null ? "" : ccNum.trim();
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return new CardNumber(null, SKIP_LENGTH, false);
    }
    boolean restored = false;
    if (digits.length() == CardNumbers.MIN_DIGITS - 1) {
      digits = "0" + digits;
      restored = true;
    }
    if (!CardNumbers.hasPanLength(digits)) {
      return new CardNumber(null, SKIP_LENGTH, false);
    }
    if (!Luhn.isValid(digits)) {
      return new CardNumber(null, SKIP_LUHN, false);
    }
    return new CardNumber(digits, null, restored);
  }

  /**
   * Card brand from the issuer identification number ranges (ISO/IEC 7812, network rules). Maestro:
   * 5018, 5020, 5038, 5893, 6304, 6390, 6759, 6761–6763, 0604 and the 56–58 ranges Sparkov's
   * generator (Faker) uses for 12-digit Maestro numbers.
   */
  static String brand(String pan) {
    int two = Integer.parseInt(pan.substring(0, 2));
    int four = Integer.parseInt(pan.substring(0, 4));
    if (pan.startsWith("4")) {
      return "Visa";
    }
    if (four == 5018
        || four == 5020
        || four == 5038
        || four == 5893
        || four == 6304
        || four == 6390
        || four == 6759
        || (four >= 6761 && four <= 6763)
        || four == 604
        || (two >= 56 && two <= 58)) {
      return "Maestro";
    }
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return "Mastercard";
    }
    if (two == 34 || two == 37) {
      return "Amex";
    }
    if (pan.startsWith("6011") || pan.startsWith("65") || (four >= 6440 && four <= 6499)) {
      return "Discover";
    }
    if (two == 35) {
      return "JCB";
    }
    if (two == 30 || two == 36 || two == 38) {
      return "Diners";
    }
    return "Other";
  }

  static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
