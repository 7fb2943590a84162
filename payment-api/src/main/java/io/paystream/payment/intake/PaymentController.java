package io.paystream.payment.intake;

import io.paystream.payment.security.ClientPrincipal;
import io.paystream.payment.status.PaymentStatusRepository;
import io.paystream.payment.web.JsonBodies;
import io.paystream.payment.web.Problems;
import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/payments} (scope {@code payments:write}): validates, tokenizes, deduplicates by
 * {@code Idempotency-Key} and records the payment with its event in the outbox; answers {@code 202
 * Accepted} with {@code Location}, or with {@code Prefer: wait=N} (RFC 7240, N ≤ 10 s) {@code 200}
 * with the payment once decided.
 */
@RestController
public class PaymentController {

  /** Header carrying the client's idempotency key (1–255 characters). */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** Response header marking a replayed answer. */
  public static final String REPLAYED = "Idempotent-Replayed";

  private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,6})\"?");
  private static final Duration POLL = Duration.ofMillis(100);

  private final JsonBodies bodies;
  private final PaymentRequestParser parser;
  private final PaymentIntakeService intake;
  private final PaymentStatusRepository payments;
  private final PaymentProperties properties;

  public PaymentController(
      JsonBodies bodies,
      PaymentRequestParser parser,
      PaymentIntakeService intake,
      PaymentStatusRepository payments,
      PaymentProperties properties) {
    this.bodies = bodies;
    this.parser = parser;
    this.intake = intake;
    this.payments = payments;
    this.properties = properties;
  }

  @PostMapping(path = "/v1/payments", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<ResponseEntity<Object>> submit(
      @AuthenticationPrincipal Jwt jwt,
      @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
      @RequestHeader(name = "Prefer", required = false) String prefer,
      @RequestBody(required = false) String body) {
    List<FieldError> violations = new ArrayList<>();
    if (idempotencyKey == null || idempotencyKey.isEmpty()) {
      violations.add(new FieldError(IDEMPOTENCY_KEY, "header is required"));
    } else if (idempotencyKey.length() > 255) {
      violations.add(new FieldError(IDEMPOTENCY_KEY, "must be 1-255 characters"));
    }
    JsonNode json;
    try {
      json = bodies.parse(body);
    } catch (PaystreamProblem e) {
      violations.addAll(JsonBodies.errors(e));
      throw Problems.validation(violations);
    }
    PaymentRequestParser.Result parsed = parser.parse(json);
    violations.addAll(parsed.violations());
    if (!violations.isEmpty()) {
      throw Problems.validation(violations);
    }
    Duration wait = preferredWait(prefer);
    return intake
        .submit(ClientPrincipal.of(jwt), idempotencyKey, parsed.command(), parsed.late())
        .flatMap(
            outcome -> {
              URI location = URI.create("/v1/payments/" + outcome.paymentId());
              if (outcome.replayed() || wait.isZero()) {
                return Mono.just(raw(outcome, location, null));
              }
              return awaitDecision(outcome, location, wait);
            });
  }

  private Mono<ResponseEntity<Object>> awaitDecision(
      PaymentIntakeService.Outcome outcome, URI location, Duration wait) {
    String applied = "wait=" + wait.toSeconds();
    return Flux.interval(POLL)
        .onBackpressureDrop()
        .concatMap(tick -> payments.findById(outcome.paymentId()))
        .filter(p -> !"RECEIVED".equals(p.status()))
        .next()
        .timeout(wait)
        .<ResponseEntity<Object>>map(
            p ->
                ResponseEntity.ok()
                    .location(location)
                    .header("Preference-Applied", applied)
                    .body(p.toView()))
        .onErrorResume(TimeoutException.class, e -> Mono.just(raw(outcome, location, applied)));
  }

  private static ResponseEntity<Object> raw(
      PaymentIntakeService.Outcome outcome, URI location, String preferenceApplied) {
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(HttpStatus.valueOf(outcome.status()))
            .location(location)
            .contentType(MediaType.APPLICATION_JSON);
    if (outcome.replayed()) {
      builder.header(REPLAYED, "true");
    }
    if (preferenceApplied != null) {
      builder.header("Preference-Applied", preferenceApplied);
    }
    return builder.body(outcome.body());
  }

  /** The {@code wait} preference in whole seconds, capped at {@code paystream.payment.max-wait}. */
  Duration preferredWait(String prefer) {
    if (prefer == null) {
      return Duration.ZERO;
    }
    Matcher m = WAIT.matcher(prefer);
    if (!m.find()) {
      return Duration.ZERO;
    }
    Duration asked = Duration.ofSeconds(Long.parseLong(m.group(1)));
    return asked.compareTo(properties.maxWait()) > 0 ? properties.maxWait() : asked;
  }
}
