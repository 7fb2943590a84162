package io.paystream.notification.provider;

import io.netty.handler.timeout.ReadTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** Maps HTTP provider failures onto transient or permanent {@link ProviderException}s. */
public final class HttpErrors {

  private HttpErrors() {}

  /**
   * Classifies a WebClient error: 429 and 5xx are transient (429 with the {@code Retry-After} it
   * carried), other 4xx permanent with {@code invalidRecipientReason} when {@code invalidRecipient}
   * says the body names a bad recipient; connection failures and timeouts are transient. Anything
   * else is returned unchanged.
   */
  public static Throwable classify(
      String provider, Throwable error, java.util.function.Predicate<String> invalidRecipient) {
    if (error instanceof ProviderException) {
      return error;
    }
    if (error instanceof WebClientResponseException response) {
      int status = response.getStatusCode().value();
      String body = response.getResponseBodyAsString();
      String message = "HTTP " + status + " " + abbreviate(body);
      if (status == 429) {
        Duration retryAfter = retryAfter(response.getHeaders(), Instant.now());
        return new TransientProviderException(
            provider, message, retryAfter == null ? Duration.ZERO : retryAfter, error);
      }
      if (status >= 500) {
        return new TransientProviderException(provider, message, null, error);
      }
      String reason = invalidRecipient.test(body) ? "invalid-recipient" : "provider-rejected";
      return new PermanentProviderException(provider, reason, message, error);
    }
    if (error instanceof WebClientRequestException
        || error instanceof TimeoutException
        || error instanceof ReadTimeoutException) {
      return new TransientProviderException(
          provider, error.getClass().getSimpleName() + ": " + error.getMessage(), null, error);
    }
    return error;
  }

  /**
   * The {@code Retry-After} header as a duration (RFC 9110 §10.2.3: delay-seconds or an HTTP-date),
   * {@code null} when absent or unreadable; never negative.
   */
  public static Duration retryAfter(HttpHeaders headers, Instant now) {
    String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
