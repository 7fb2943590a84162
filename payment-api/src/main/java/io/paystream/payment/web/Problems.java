package io.paystream.payment.web;

import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The problems payment-api answers with (platform {@link PaystreamProblem}s, so {@code type} is
 * {@code https://paystream.io/problems/<slug>}; slugs as in docs/api.md).
 */
public final class Problems {

  /** 400: the request is ill-formed or breaks a rule; {@code errors} lists every field. */
  public static final String VALIDATION = "validation";

  /** 422: the Idempotency-Key was used before with another body. */
  public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";

  /** 404: no such resource visible to the caller. */
  public static final String NOT_FOUND = "not-found";

  /** 403: the client may not act for this merchant. */
  public static final String FORBIDDEN = "forbidden";

  /** 401: no or bad bearer token. */
  public static final String UNAUTHORIZED = "unauthorized";

  /**
   * 503: the payment could not be recorded (PostgreSQL down or slower than {@code
   * paystream.payment.record-timeout}); retry after {@code Retry-After} with the same {@code
   * Idempotency-Key}.
   */
  public static final String SERVICE_UNAVAILABLE = "service-unavailable";

  private Problems() {}

  /** 400 listing every violation. */
  public static PaystreamProblem validation(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + " " + errors.get(0).reason()
            : errors.size() + " fields are invalid";
    return new PaystreamProblem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request", detail)
        .with("errors", List.copyOf(errors));
  }

  /** 400 for one field. */
  public static PaystreamProblem validation(String field, String reason) {
    return validation(List.of(new FieldError(field, reason)));
  }

  /** 404. */
  public static PaystreamProblem notFound(String what) {
    return new PaystreamProblem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "no such " + what);
  }

  /** 503 with {@code Retry-After} in whole seconds (at least 1). */
  public static PaystreamProblem unavailable(String detail, Duration retryAfter, Throwable cause) {
    PaystreamProblem problem =
        new PaystreamProblem(
            HttpStatus.SERVICE_UNAVAILABLE,
            SERVICE_UNAVAILABLE,
            "Service unavailable",
            detail,
            cause);
    problem
        .getHeaders()
        .set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    return problem;
  }
}
