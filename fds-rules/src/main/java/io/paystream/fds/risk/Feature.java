package io.paystream.fds.risk;

/**
 * Every variable a fraud rule (CEL) can read, with its type, unit and definition. "The card's
 * history" is what its profile holds before this payment: every earlier payment it recorded
 * (whatever its decision), the 32 latest of them for the windowed counts and amounts. Nothing here
 * comes from a payment's outcome (e.g. TabFormer's {@code Errors?}): it is unknown at decision
 * time.
 */
public enum Feature {
  // the payment
  AMOUNT(
      "amount",
      Type.DOUBLE,
      "major units of `currency`",
      "the amount (minor units ÷ 10^ISO 4217 digits)"),
  AMOUNT_MINOR("amount_minor", Type.INT, "ISO 4217 minor units", "the amount as sent"),
  CURRENCY("currency", Type.STRING, "ISO 4217 code", "the payment's currency"),
  CHANNEL("channel", Type.STRING, "`POS`, `APP` or `ONLINE`", "how the card was used"),
  CARD_PRESENT("card_present", Type.BOOL, "", "`POS` or `APP` (located); `false` for `ONLINE`"),
  MCC("mcc", Type.STRING, "ISO 18245 code", "the merchant's category code"),
  MCC_GROUP(
      "mcc_group", Type.STRING, "two digits", "the MCC's first two digits (e.g. `54` food stores)"),
  COUNTRY(
      "country",
      Type.STRING,
      "ISO 3166-1 alpha-2",
      "where the payment happened: the place for card-present payments, the merchant's country otherwise"),
  HOUR_OF_DAY("hour_of_day", Type.INT, "0–23", "local hour of the payment (its own UTC offset)"),
  // the card's history
  CARD_PAYMENTS("card_payments", Type.INT, "count", "payments the card made before this one"),
  NEW_MERCHANT(
      "new_merchant",
      Type.BOOL,
      "",
      "the card never paid this merchant (among its 256 most recent merchants)"),
  NEW_COUNTRY("new_country", Type.BOOL, "", "the card never paid in `country`"),
  DAYS_SINCE_COUNTRY(
      "days_since_country",
      Type.DOUBLE,
      "days",
      "since the card's latest payment in `country`; −1 when never"),
  CNP_COUNT_1H(
      "cnp_count_1h",
      Type.INT,
      "count",
      "card-not-present payments of the card in the hour before this one (this one excluded)"),
  CNP_COUNT_24H("cnp_count_24h", Type.INT, "count", "the same over 24 h"),
  DISTINCT_MERCHANTS_24H(
      "distinct_merchants_24h",
      Type.INT,
      "count",
      "distinct merchants of the card's payments in the 24 h before this one, this one included"),
  PAYMENTS_24H(
      "payments_24h",
      Type.INT,
      "count",
      "the card's payments in the 24 h before this one (this one excluded)"),
  AMOUNT_SAMPLES(
      "amount_samples",
      Type.INT,
      "count",
      "the card's recent payments in this currency (the basis of the two amount features)"),
  AMOUNT_RATIO_MEDIAN(
      "amount_ratio_median",
      Type.DOUBLE,
      "ratio",
      "amount ÷ median of the card's recent amounts in this currency; 1 with no sample"),
  AMOUNT_PERCENTILE(
      "amount_percentile",
      Type.DOUBLE,
      "0–1",
      "share of the card's recent amounts in this currency below this one (ties count half); 0.5 with no sample"),
  MCC_GROUP_SEEN("mcc_group_seen", Type.BOOL, "", "the card paid in this MCC group before"),
  HOUR_SHARE(
      "hour_share",
      Type.DOUBLE,
      "0–1",
      "share of the card's payments whose local hour is within ±1 h of this one's; 1 with no history"),
  SECONDS_SINCE_LAST(
      "seconds_since_last",
      Type.DOUBLE,
      "s",
      "since the card's latest earlier payment (event time); −1 when none"),
  // the travel leg and the built-in checks (thresholds in `fds.rules.*`)
  HAS_TRAVEL_LEG(
      "has_travel_leg",
      Type.BOOL,
      "",
      "a card-present payment with a located payment of the card to compare with"),
  TRAVEL_DISTANCE_KM(
      "travel_distance_km",
      Type.DOUBLE,
      "km",
      "great-circle distance to the neighbouring located payment minus both accuracy radii; 0 without a leg"),
  TRAVEL_SPEED_KMH(
      "travel_speed_kmh",
      Type.DOUBLE,
      "km/h",
      "that distance over the event-time gap; 0 without a leg"),
  IMPOSSIBLE_TRAVEL(
      "impossible_travel",
      Type.BOOL,
      "",
      "the leg exceeds `fds.rules.impossible-travel` (900 km/h and 500 km)"),
  VELOCITY(
      "velocity",
      Type.BOOL,
      "",
      "more than `fds.rules.velocity.max-payments` (5) payments in `window` (60 s), this one included"),
  AMOUNT_SPIKE(
      "amount_spike",
      Type.BOOL,
      "",
      "amount > `fds.rules.amount-spike.multiplier` (10) × median of ≥ `min-samples` (5) recent same-currency payments");

  /** A CEL variable type. */
  public enum Type {
    /** CEL {@code int} (Java {@code Long}). */
    INT,
    /** CEL {@code double}. */
    DOUBLE,
    /** CEL {@code bool}. */
    BOOL,
    /** CEL {@code string}. */
    STRING
  }

  private final String variable;
  private final Type type;
  private final String unit;
  private final String definition;

  Feature(String variable, Type type, String unit, String definition) {
    this.variable = variable;
    this.type = type;
    this.unit = unit;
    this.definition = definition;
  }

  /** The CEL variable name. */
  public String variable() {
    return variable;
  }

  /** Its CEL type. */
  public Type type() {
    return type;
  }

  /** Its unit (empty for booleans). */
  public String unit() {
    return unit;
  }

  /** What it means. */
  public String definition() {
    return definition;
  }
}
