package io.paystream.payment.registry;

import io.paystream.contracts.event.CardType;
import io.paystream.payment.card.Pan;
import io.paystream.payment.card.PanTokenizer;
import io.paystream.payment.card.TokenizedCard;
import io.paystream.payment.web.JsonFields;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates registry rows (customer, card, merchant) read from JSON, collecting every violation in
 * the given {@link JsonFields}. A card's PAN is tokenized here and dropped.
 */
public final class RegistryParsers {

  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");
  private static final Pattern MCC = Pattern.compile("\\d{4}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  private final PanTokenizer tokenizer;

  public RegistryParsers(PanTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** {@code true} if {@code id} is a usable registry id (1–64 of letters, digits, {@code _.:-}). */
  public static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private static String id(JsonFields f, String field, String given) {
    String id = given != null ? given : f.requiredString(field, 64);
    if (id != null && !validId(id)) {
      f.reject(field, "must be 1-64 letters, digits or _.:-");
      return null;
    }
    return id;
  }

  /** A customer; {@code pathId} is the id from the URL, or null to read {@code customerId}. */
  public Optional<Customer> customer(JsonFields f, String pathId) {
    int before = f.violations().size();
    String customerId = id(f, "customerId", pathId);
    String name = f.requiredString("name", 200);
    String phone = f.requiredString("phone", 16);
    if (phone != null && !E164.matcher(phone).matches()) {
      f.reject("phone", "must be an E.164 number such as +14155550100");
    }
    String email = f.optionalString("email", 254);
    if (email != null && !EMAIL.matcher(email).matches()) {
      f.reject("email", "is not an e-mail address");
    }
    String pushToken = f.optionalString("pushToken", 4096);
    String locale = f.requiredString("locale", 8);
    if (locale != null && !LOCALE.matcher(locale).matches()) {
      f.reject("locale", "must be a language tag such as en or ko-KR");
    }
    if (f.violations().size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Customer(customerId, name, phone, email, pushToken, locale));
  }

  /** A merchant; {@code pathId} is the id from the URL, or null to read {@code merchantId}. */
  public Optional<Merchant> merchant(JsonFields f, String pathId) {
    int before = f.violations().size();
    String merchantId = id(f, "merchantId", pathId);
    String name = f.requiredString("name", 200);
    String mcc = f.requiredString("mcc", 4);
    if (mcc != null && !MCC.matcher(mcc).matches()) {
      f.reject("mcc", "must be a four-digit ISO 18245 code");
    }
    String address = f.optionalString("address", 500);
    String country = f.requiredString("country", 2);
    if (country != null && !COUNTRIES.contains(country)) {
      f.reject("country", "must be an ISO 3166-1 alpha-2 code");
    }
    Double lat = f.optionalNumber("lat");
    Double lon = f.optionalNumber("lon");
    Double accuracy = f.optionalNumber("accuracyKm");
    if (lat != null && (lat < -90 || lat > 90)) {
      f.reject("lat", "must be between -90 and 90");
    }
    if (lon != null && (lon < -180 || lon > 180)) {
      f.reject("lon", "must be between -180 and 180");
    }
    if (accuracy != null && accuracy < 0) {
      f.reject("accuracyKm", "must be >= 0");
    }
    if ((f.present("lat")) != (f.present("lon"))) {
      f.reject("lat", "lat and lon must be given together");
    }
    if (f.violations().size() > before) {
      return Optional.empty();
    }
    return Optional.of(new Merchant(merchantId, name, mcc, address, country, lat, lon, accuracy));
  }

  /** A card: validates and tokenizes the PAN (which goes no further than this method). */
  public Optional<Card> card(JsonFields f) {
    int before = f.violations().size();
    String customerId = id(f, "customerId", null);
    TokenizedCard tokenized = null;
    String panText = f.requiredString("pan", 32);
    if (panText != null) {
      Optional<String> problem = Pan.problemWith(panText);
      if (problem.isPresent()) {
        f.reject("pan", problem.get());
      } else {
        tokenized = tokenizer.tokenize(Pan.of(panText));
      }
    }
    Integer month = f.requiredInt("expiryMonth", 1, 12);
    Integer year = f.requiredInt("expiryYear", 2000, 2100);
    String brand = f.requiredString("brand", 32);
    String typeText = f.requiredString("type", 16);
    CardType type = null;
    if (typeText != null) {
      type =
          Arrays.stream(CardType.values())
              .filter(t -> t.name().equals(typeText))
              .findAny()
              .orElse(null);
      if (type == null) {
        f.reject("type", "must be one of CREDIT, DEBIT, PREPAID");
      }
    }
    String productCode = f.optionalString("productCode", 64);
    if (f.violations().size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new Card(
            tokenized.token(),
            tokenizer.activeKeyId(),
            tokenized.bin(),
            tokenized.lastFour(),
            brand,
            type,
            productCode,
            month,
            year,
            customerId));
  }
}
