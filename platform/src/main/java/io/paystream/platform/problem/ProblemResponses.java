package io.paystream.platform.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Shared shaping of framework problems: a paystream type URI and no internals in 5xx details. */
final class ProblemResponses {

  private static final URI ABOUT_BLANK = URI.create("about:blank");

  private ProblemResponses() {}

  /** Gives {@code problem} a stable type for its status if it has none. */
  static void normalize(ProblemDetail problem, HttpStatusCode status) {
    if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
      problem.setType(ProblemTypes.of(ProblemTypes.slugFor(status)));
    }
    if (problem.getTitle() == null) {
      HttpStatus known = HttpStatus.resolve(status.value());
      problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
    }
  }

  /** The problem for an unexpected error: says nothing about what broke inside. */
  static ProblemDetail internalError() {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred.");
    problem.setType(ProblemTypes.of(ProblemTypes.INTERNAL_ERROR));
    problem.setTitle("Internal error");
    return problem;
  }
}
