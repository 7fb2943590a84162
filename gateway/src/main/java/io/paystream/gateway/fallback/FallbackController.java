package io.paystream.gateway.fallback;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The circuit breakers' fallback ({@code forward:/fallback/<downstream>}): 503 {@code
 * .../service-unavailable} problem with {@code Retry-After} for every HTTP method. Not reachable
 * from outside (denied by the security chain; only forwarded to).
 *
 * <p>The fallback also answers a request that timed out at the gateway, which the downstream may
 * have completed (e.g. a payment committed after 12 s). So the detail never says the request was
 * not processed: it names the one safe action, a retry with the same {@code Idempotency-Key}, which
 * replays a payment that was stored and stores one that was not.
 */
@RestController
public class FallbackController {

  static final String RETRY_AFTER_SECONDS = "5";

  /** Any method. */
  @RequestMapping("/fallback/{downstream}")
  public ResponseEntity<ProblemDetail> fallback(@PathVariable String downstream) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            downstream
                + " did not answer in time or is failing; the request may or may not have been"
                + " processed: retry after Retry-After with the same Idempotency-Key (a payment"
                + " sent again with a new key could be made twice)");
    problem.setType(URI.create("https://paystream.io/problems/service-unavailable"));
    problem.setTitle("Service unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", RETRY_AFTER_SECONDS)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
