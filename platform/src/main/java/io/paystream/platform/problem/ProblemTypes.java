package io.paystream.platform.problem;

import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatusCode;

/**
 * Stable RFC 9457 {@code type} URIs: {@code https://paystream.io/problems/<slug>}. A slug names the
 * kind of problem, never an instance; clients may switch on it. The generic slugs below are used
 * for framework errors; services add their own (e.g. {@code idempotency-key-reused}) through {@link
 * PaystreamProblem}.
 */
public final class ProblemTypes {

  /** Prefix of every paystream problem type. */
  public static final String BASE = "https://paystream.io/problems/";

  /** 400: the body is not JSON or does not fit the expected shape. */
  public static final String MALFORMED_REQUEST = "malformed-request";

  /** 400: a parameter or field is missing or invalid; {@code errors} lists them. */
  public static final String INVALID_REQUEST = "invalid-request";

  /** 404: no such resource or route. */
  public static final String NOT_FOUND = "not-found";

  /** 405. */
  public static final String METHOD_NOT_ALLOWED = "method-not-allowed";

  /** 406. */
  public static final String NOT_ACCEPTABLE = "not-acceptable";

  /** 415. */
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";

  /** 413. */
  public static final String PAYLOAD_TOO_LARGE = "payload-too-large";

  /** 414: the request line (method, path, query) is longer than the server accepts. */
  public static final String URI_TOO_LONG = "uri-too-long";

  /** 431: the request's header fields are larger than the server accepts. */
  public static final String HEADER_FIELDS_TOO_LARGE = "header-fields-too-large";

  /** 503: Kafka did not take the event; retry later with the same idempotency key. */
  public static final String EVENT_BUS_UNAVAILABLE = "event-bus-unavailable";

  /** 503: a dependency is unavailable. */
  public static final String SERVICE_UNAVAILABLE = "service-unavailable";

  /** 500: an unexpected error; the detail says nothing about internals. */
  public static final String INTERNAL_ERROR = "internal-error";

  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private ProblemTypes() {}

  /**
   * The type URI of a slug.
   *
   * @throws IllegalArgumentException if the slug is not lower-case words joined by dashes
   */
  public static URI of(String slug) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw new IllegalArgumentException("problem slug must be kebab-case: " + slug);
    }
    return URI.create(BASE + slug);
  }

  /** The generic slug for an HTTP status without a more specific problem type. */
  public static String slugFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> INVALID_REQUEST;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 406 -> NOT_ACCEPTABLE;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 414 -> URI_TOO_LONG;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 431 -> HEADER_FIELDS_TOO_LARGE;
      case 503 -> SERVICE_UNAVAILABLE;
      default -> status.is5xxServerError() ? INTERNAL_ERROR : "http-" + status.value();
    };
  }
}
