package io.paystream.payment.intake;

import io.paystream.contracts.event.Channel;
import io.paystream.contracts.money.Money;
import io.paystream.payment.card.Pan;
import io.paystream.payment.card.PanTokenizer;
import io.paystream.payment.intake.PaymentCommand.DeviceLocation;
import io.paystream.payment.web.JsonFields;
import io.paystream.platform.problem.FieldError;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Turns a parsed JSON body into a {@link PaymentCommand} or the full list of what is wrong with it:
 * shapes and types, the card (exactly one of a Luhn-valid PAN or a well-formed token), the amount
 * (a decimal string, &gt; 0, no more decimals than the currency's ISO 4217 minor unit, at most the
 * configured limit), the currency (ISO 4217, {@link Money#ACCEPTED_CURRENCIES}: no fund codes,
 * metals or testing codes), channel, {@code occurredAt} (ISO 8601 with offset, not more than the
 * allowed skew in the future, not older than the allowed age), and the location ranges (a number
 * that does not fit a {@code double} is refused on its field). Registry checks (unknown card,
 * unknown merchant) come later.
 *
 * <p>Why a lower bound on {@code occurredAt}: fds-service's rules run on event time (velocity: more
 * than 5 payments in 60 s; impossible travel: distance over the event-time gap at 900 km/h), so a
 * client that may backdate can spread payments out of the velocity window and widen the travel gap
 * by as much as it may backdate (each hour hides 900 km). An {@code occurredAt} older than {@code
 * maxAge} is therefore refused for a <em>new</em> payment; it is reported apart ({@link
 * Result#late()}) so that a retry of an already accepted payment, whose body keeps its first {@code
 * occurredAt}, still finds and replays that payment.
 */
public final class PaymentRequestParser {

  static final int MAX_ID_LENGTH = 64;

  /**
   * The largest {@code location.accuracyKm}: half the Earth's equatorial circumference (WGS84,
   * 40,075 km), the farthest any two places on Earth are apart, so a larger radius says nothing.
   */
  static final double MAX_ACCURACY_KM = 20_037.5;

  private final Clock clock;
  private final Duration maxFutureSkew;
  private final Duration maxAge;
  private final BigDecimal defaultAmountLimit;
  private final Map<String, BigDecimal> amountLimits;

  /**
   * @param clock time source for the future check
   * @param maxFutureSkew how far {@code occurredAt} may lie ahead of now (terminal clock drift)
   * @param maxAge how far {@code occurredAt} may lie behind now for a new payment
   * @param defaultAmountLimit largest amount in major units for currencies without their own limit
   * @param amountLimits per currency code, largest amount in major units
   */
  public PaymentRequestParser(
      Clock clock,
      Duration maxFutureSkew,
      Duration maxAge,
      BigDecimal defaultAmountLimit,
      Map<String, BigDecimal> amountLimits) {
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.maxAge = maxAge;
    this.defaultAmountLimit = defaultAmountLimit;
    this.amountLimits = Map.copyOf(amountLimits);
  }

  /**
   * The outcome: a command, or the violations (never both).
   *
   * @param command the valid command, or null
   * @param violations what is wrong, empty when {@code command} is set
   * @param late with a command: the {@code occurredAt} violation when it is older than the allowed
   *     age (refuse unless the request is a retry of an accepted payment), else null
   */
  public record Result(PaymentCommand command, List<FieldError> violations, FieldError late) {

    /** {@code true} if the body was valid. */
    public boolean valid() {
      return command != null;
    }
  }

  /** Validates {@code body}; a non-object body is one violation on {@code body}. */
  public Result parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      return new Result(null, List.of(new FieldError("body", "must be a JSON object")), null);
    }
    JsonFields f = JsonFields.of(body);

    Pan pan = null;
    String cardToken = null;
    JsonFields card = f.object("card", true);
    if (card != null) {
      boolean hasPan = card.present("pan");
      boolean hasToken = card.present("token");
      if (hasPan == hasToken) {
        card.reject("", "must have exactly one of pan or token");
      } else if (hasPan) {
        String panText = card.requiredString("pan", 32);
        if (panText != null) {
          Optional<String> problem = Pan.problemWith(panText);
          if (problem.isPresent()) {
            card.reject("pan", problem.get());
          } else {
            pan = Pan.of(panText);
          }
        }
      } else {
        cardToken = card.requiredString("token", 80);
        if (cardToken != null && !PanTokenizer.TOKEN_PATTERN.matcher(cardToken).matches()) {
          card.reject("token", "is not a card token");
          cardToken = null;
        }
      }
    }

    String currencyCode = f.requiredString("currency", 3);
    Currency currency = null;
    if (currencyCode != null) {
      currency = Money.currency(currencyCode).orElse(null);
      if (currency == null) {
        f.reject("currency", "is not an accepted ISO 4217 currency");
      }
    }
    Long amountMinor = amount(f, currency);

    String merchantId = f.requiredIdentifier("merchantId", MAX_ID_LENGTH);
    String terminalId = f.requiredIdentifier("terminalId", MAX_ID_LENGTH);

    Channel channel = null;
    String channelText = f.requiredString("channel", 16);
    if (channelText != null) {
      channel =
          Arrays.stream(Channel.values())
              .filter(c -> c.name().equals(channelText))
              .findAny()
              .orElse(null);
      if (channel == null) {
        f.reject("channel", "must be one of POS, APP, ONLINE");
      }
    }

    OffsetDateTime occurredAt = null;
    FieldError late = null;
    String occurredText = f.requiredString("occurredAt", 64);
    if (occurredText != null) {
      try {
        occurredAt = OffsetDateTime.parse(occurredText, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        if (occurredAt.toInstant().isAfter(clock.instant().plus(maxFutureSkew))) {
          f.reject("occurredAt", "is more than " + maxFutureSkew.toSeconds() + " s in the future");
          occurredAt = null;
        } else if (occurredAt.toInstant().isBefore(clock.instant().minus(maxAge))) {
          late =
              new FieldError("occurredAt", "is more than " + maxAge.toSeconds() + " s in the past");
        }
      } catch (DateTimeParseException e) {
        f.reject("occurredAt", "must be an ISO 8601 date-time with offset");
      }
    }

    DeviceLocation location = null;
    JsonFields loc = f.object("location", false);
    if (loc != null) {
      Double lat = loc.requiredNumber("lat");
      Double lon = loc.requiredNumber("lon");
      Double accuracy = loc.requiredNumber("accuracyKm");
      boolean ok = lat != null && lon != null && accuracy != null;
      if (lat != null && (lat < -90 || lat > 90)) {
        loc.reject("lat", "must be between -90 and 90");
        ok = false;
      }
      if (lon != null && (lon < -180 || lon > 180)) {
        loc.reject("lon", "must be between -180 and 180");
        ok = false;
      }
      if (accuracy != null && (accuracy < 0 || accuracy > MAX_ACCURACY_KM)) {
        loc.reject("accuracyKm", "must be between 0 and " + MAX_ACCURACY_KM);
        ok = false;
      }
      if (ok) {
        location = new DeviceLocation(lat, lon, accuracy);
      }
    }

    if (!f.violations().isEmpty()) {
      List<FieldError> all = new java.util.ArrayList<>(f.violations());
      if (late != null) {
        all.add(late);
      }
      return new Result(null, List.copyOf(all), null);
    }
    return new Result(
        new PaymentCommand(
            pan,
            cardToken,
            amountMinor,
            currency,
            merchantId,
            terminalId,
            channel,
            occurredAt,
            location),
        List.of(),
        late);
  }

  private Long amount(JsonFields f, Currency currency) {
    String text = f.requiredString("amount", 40);
    if (text == null) {
      return null;
    }
    Optional<BigDecimal> parsed = Money.parseDecimal(text);
    if (parsed.isEmpty()) {
      f.reject("amount", "must be a decimal string such as \"23.50\"");
      return null;
    }
    BigDecimal amount = parsed.get();
    if (amount.signum() <= 0) {
      f.reject("amount", "must be greater than zero");
      return null;
    }
    if (currency == null) {
      return null; // the currency's violation is enough; digits cannot be checked
    }
    BigDecimal limit = amountLimits.getOrDefault(currency.getCurrencyCode(), defaultAmountLimit);
    if (amount.compareTo(limit) > 0) {
      f.reject(
          "amount",
          "exceeds the limit of " + limit.toPlainString() + " " + currency.getCurrencyCode());
      return null;
    }
    try {
      return Money.toMinor(amount, currency);
    } catch (ArithmeticException e) {
      f.reject(
          "amount",
          "has more than "
              + currency.getDefaultFractionDigits()
              + " decimal places for "
              + currency.getCurrencyCode().toUpperCase(Locale.ROOT));
      return null;
    }
  }
}
