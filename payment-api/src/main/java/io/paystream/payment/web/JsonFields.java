package io.paystream.payment.web;

import io.paystream.contracts.card.CardNumbers;
import io.paystream.platform.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * Reads typed fields out of a JSON object and collects a {@link FieldError} for every missing or
 * ill-typed one, so a request gets all its errors in one answer.
 */
public final class JsonFields {

  /** Only digits, single spaces or dashes: an identifier that could be nothing but a number. */
  private static final java.util.regex.Pattern WHOLE_CARD_NUMBER =
      java.util.regex.Pattern.compile("[0-9]+(?:[ -][0-9]+)*");

  private final JsonNode node;
  private final String prefix;
  private final List<FieldError> violations;

  private JsonFields(JsonNode node, String prefix, List<FieldError> violations) {
    this.node = node;
    this.prefix = prefix;
    this.violations = violations;
  }

  /** A reader over {@code node} (any JSON value; a non-object reads as all-missing). */
  public static JsonFields of(JsonNode node) {
    return new JsonFields(node, "", new ArrayList<>());
  }

  /** The violations collected so far (shared with nested readers). */
  public List<FieldError> violations() {
    return violations;
  }

  /** Adds a violation for {@code field} (relative to this reader). */
  public void reject(String field, String reason) {
    violations.add(new FieldError(path(field), reason));
  }

  /** The full path of a field of this reader. */
  public String path(String field) {
    return prefix + field;
  }

  /** {@code true} if the field is present and not JSON null. */
  public boolean present(String field) {
    return node.hasNonNull(field);
  }

  /**
   * A required string; null (with a violation) when absent, not a string, blank, too long, holding
   * a control character (U+0000–U+001F, U+007F–U+009F), or, in any field but {@code pan}, holding a
   * card number (a Luhn-valid 12–19 digit run, {@link PanScanner}).
   */
  public String requiredString(String field, int maxLength) {
    if (!present(field)) {
      reject(field, "is required");
      return null;
    }
    return string(field, maxLength);
  }

  /**
   * A required identifier that travels with every event of a payment (Kafka, the ledger, logs): as
   * {@link #requiredString}, and also refused when the identifier as a whole is a card number:
   * 12–19 digits, optionally grouped by spaces or dashes, passing Luhn ({@link CardNumbers#isPan}).
   * Found by the gateway fuzz: an all-digit {@code terminalId} that passed Luhn reached {@code
   * payment-stream}. Digits inside a longer identifier are not refused: TabFormer's merchant ids
   * ({@code tf-m-<19 digits>-online}) carry 19-digit merchant numbers, one in ten Luhn-valid, and
   * refusing them dropped 394 of 5,060 payments of the acceptance replay.
   */
  public String requiredIdentifier(String field, int maxLength) {
    String text = requiredString(field, maxLength);
    if (text != null && WHOLE_CARD_NUMBER.matcher(text.strip()).matches()) {
      String digits = text.replaceAll("[^0-9]", "");
      if (CardNumbers.isPan(digits)) {
        reject(field, "must not be a card number (send the PAN only as card.pan)");
        return null;
      }
    }
    return text;
  }

  /** An optional string; null when absent; null with a violation when ill-formed. */
  public String optionalString(String field, int maxLength) {
    return present(field) ? string(field, maxLength) : null;
  }

  private String string(String field, int maxLength) {
    JsonNode value = node.get(field);
    if (!value.isString()) {
      reject(field, "must be a string");
      return null;
    }
    String text = value.stringValue();
    if (text.isBlank()) {
      reject(field, "must not be blank");
      return null;
    }
    if (text.length() > maxLength) {
      reject(field, "must be at most " + maxLength + " characters");
      return null;
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      // PostgreSQL refuses a NUL in text (a 503 before issue 17); no id or name needs a control
      reject(field, "must not contain control characters");
      return null;
    }
    return text;
  }

  /**
   * A required finite number; null (with a violation) otherwise, also for a number literal that
   * does not fit a {@code double} (e.g. {@code 1e309} or an integer of 400 digits).
   */
  public Double requiredNumber(String field) {
    if (!present(field)) {
      reject(field, "is required");
      return null;
    }
    return number(field);
  }

  /** An optional finite number; null when absent; null with a violation when ill-formed. */
  public Double optionalNumber(String field) {
    return present(field) ? number(field) : null;
  }

  private Double number(String field) {
    JsonNode value = node.get(field);
    if (!value.isNumber()) {
      reject(field, "must be a number");
      return null;
    }
    // Jackson 3's doubleValue() throws for an integer beyond double's range (a 400-digit literal);
    // the Opt variant answers empty instead, and a float literal that large reads as infinity
    OptionalDouble d = value.doubleValueOpt();
    if (d.isEmpty() || !Double.isFinite(d.getAsDouble())) {
      reject(field, "must be a finite number");
      return null;
    }
    return d.getAsDouble();
  }

  /** A required integer in [min, max]; null (with a violation) otherwise. */
  public Integer requiredInt(String field, int min, int max) {
    if (!present(field)) {
      reject(field, "is required");
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      reject(field, "must be an integer");
      return null;
    }
    int i = value.intValue();
    if (i < min || i > max) {
      reject(field, "must be between " + min + " and " + max);
      return null;
    }
    return i;
  }

  /**
   * A nested object reader, or null when the field is absent; null with a violation when it is not
   * an object.
   */
  public JsonFields object(String field, boolean required) {
    if (!present(field)) {
      if (required) {
        reject(field, "is required");
      }
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isObject()) {
      reject(field, "must be an object");
      return null;
    }
    return new JsonFields(value, path(field) + ".", violations);
  }
}
