package io.paystream.platform.problem;

import java.util.Objects;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Base of every paystream domain error that reaches HTTP: an RFC 9457 problem with a stable {@code
 * type} ({@code https://paystream.io/problems/<slug>}), a short human {@code title}, a {@code
 * detail} for this occurrence and optional extension members. Spring renders it as {@code
 * application/problem+json} with its status.
 *
 * <pre>{@code
 * throw new PaystreamProblem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
 *     "Idempotency key reused", "The key was used with another request body")
 *     .with("idempotencyKey", key);
 * }</pre>
 *
 * Never put a PAN, CVV or secret into the detail or properties.
 */
public class PaystreamProblem extends ErrorResponseException {

  private final String slug;

  /**
   * @param status HTTP status
   * @param slug kebab-case problem kind, becomes the {@code type} URI
   * @param title short summary, the same for every occurrence of this kind
   * @param detail what went wrong this time, safe to show to the client
   */
  public PaystreamProblem(HttpStatusCode status, String slug, String title, String detail) {
    this(status, slug, title, detail, null);
  }

  /** As {@link #PaystreamProblem(HttpStatusCode, String, String, String)}, with a cause to log. */
  public PaystreamProblem(
      HttpStatusCode status, String slug, String title, String detail, Throwable cause) {
    super(status, problem(status, slug, title, detail), cause);
    this.slug = slug;
  }

  private static ProblemDetail problem(
      HttpStatusCode status, String slug, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(ProblemTypes.of(slug));
    problem.setTitle(Objects.requireNonNull(title, "title"));
    return problem;
  }

  /** Adds an extension member ({@code "name": value}) to the problem body; returns this. */
  public PaystreamProblem with(String name, Object value) {
    getBody().setProperty(name, value);
    return this;
  }

  /** The problem kind, e.g. {@code idempotency-key-reused}. */
  public String slug() {
    return slug;
  }

  @Override
  public String getMessage() {
    return getStatusCode().value() + " " + slug + ": " + getBody().getDetail();
  }
}
