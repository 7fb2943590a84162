package io.paystream.contracts.serde;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A Kafka record that is not a valid paystream event: missing CloudEvents headers, an unknown
 * {@code ce_type}, data that violates the type's JSON Schema, or data that does not bind. The
 * message names the offending field(s) (JSON Pointer-like paths such as {@code $.amountMinor}).
 * Non-retryable: consumers send such a record to their dead-letter topic.
 */
public class EventRejectedException extends SerializationException {

  private final List<String> violations;

  public EventRejectedException(String message, List<String> violations) {
    super(message + (violations.isEmpty() ? "" : ": " + String.join("; ", violations)));
    this.violations = List.copyOf(violations);
  }

  public EventRejectedException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.violations = List.of();
  }

  /**
   * The individual violations (field path + reason); empty when the whole record was unreadable.
   */
  public List<String> violations() {
    return violations;
  }
}
