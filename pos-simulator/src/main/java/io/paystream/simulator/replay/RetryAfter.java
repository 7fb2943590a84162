package io.paystream.simulator.replay;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * The delay a response asks for, capped at {@code max}, or {@code fallback} when the header is
   * absent or unreadable.
   */
  public static Duration of(HttpResponse<?> response, Duration fallback, Duration max) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(v -> parse(v.trim(), Instant.now()))
        .map(d -> d == null ? fallback : d)
        .map(d -> d.compareTo(max) > 0 ? max : d)
        .orElse(fallback);
  }

  static Duration parse(String value, Instant now) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
