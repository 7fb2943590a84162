package io.paystream.verification.confirm;

import io.paystream.verification.challenge.ChallengeService;
import io.paystream.verification.challenge.ChallengeService.Resend;
import io.paystream.verification.challenge.ChallengeStatus;
import io.paystream.verification.challenge.SmsSendPolicy;
import io.paystream.verification.config.VerificationProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The cardholder's resend {@code POST /v1/verifications/{id}/resend} (no body): a bearer token with
 * scope {@code payments:write} whose customer claim is the challenged customer (same owner check as
 * {@link ConfirmationController}).
 *
 * <p>Answers: {@code 202 {verificationId, status, expiresAt, remainingAttempts}} when a new code
 * was asked of notification-service (it replaces the old code, which no longer verifies; the
 * attempt counter is kept); {@code 429} problem {@code .../rate-limited} with {@code Retry-After}
 * (whole seconds, rounded up) when the phone's SMS limits refuse it — at most one SMS per phone per
 * {@code sms.resend-interval} and {@code sms.daily-cap} per UTC day (OWASP API4:2023) — and the
 * valid code stays as it is; {@code 404} problem for an unknown id or another customer's challenge;
 * {@code 409} problem {@code .../verification-closed} once ended (also when this call finds it past
 * its validity and expires it); {@code 409} problem {@code .../no-phone} when the customer has no
 * phone.
 */
@RestController
public class ResendController {

  private final ChallengeService service;
  private final String customerClaim;
  private final Clock clock;

  public ResendController(
      ChallengeService service, VerificationProperties properties, Clock clock) {
    this.service = service;
    this.customerClaim = properties.customerClaim();
    this.clock = clock;
  }

  @PostMapping("/v1/verifications/{id}/resend")
  public Mono<ResponseEntity<ResendResponse>> resend(
      @PathVariable String id, @AuthenticationPrincipal Jwt jwt) {
    UUID challengeId;
    try {
      challengeId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Mono.error(ConfirmationController.notFound());
    }
    String customerId = jwt.getClaimAsString(customerClaim);
    if (customerId == null || customerId.isBlank()) {
      return Mono.error(ConfirmationController.notFound());
    }
    return service
        .resend(challengeId, customerId)
        .switchIfEmpty(Mono.error(ConfirmationController.notFound()))
        .flatMap(
            r ->
                switch (r) {
                  case Resend.Sent sent ->
                      Mono.just(
                          ResponseEntity.status(HttpStatus.ACCEPTED)
                              .body(
                                  new ResendResponse(
                                      sent.challengeId().toString(),
                                      ChallengeStatus.OPEN.name(),
                                      sent.expiresAt(),
                                      sent.remainingAttempts())));
                  case Resend.Refused refused -> Mono.error(tooManyRequests(refused));
                  case Resend.Closed closed ->
                      Mono.error(
                          ConfirmationController.problem(
                              HttpStatus.CONFLICT,
                              "verification-closed",
                              "Verification closed",
                              "This verification has already ended: " + closed.status()));
                  case Resend.NoPhone noPhone ->
                      Mono.error(
                          ConfirmationController.problem(
                              HttpStatus.CONFLICT,
                              "no-phone",
                              "No phone",
                              "There is no phone number to send a code to."));
                });
  }

  private ErrorResponseException tooManyRequests(Resend.Refused refused) {
    String detail =
        refused.reason() == SmsSendPolicy.Decision.CAPPED
            ? "The daily limit of SMS to this phone is reached; the code already sent stays valid."
            : "A code was sent to this phone moments ago; it stays valid. Try again later.";
    ErrorResponseException e =
        ConfirmationController.problem(
            HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", detail);
    e.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(refused)));
    return e;
  }

  /** Whole seconds until {@code retryAt}, rounded up, at least 1. */
  private long retryAfterSeconds(Resend.Refused refused) {
    Duration wait = Duration.between(clock.instant(), refused.retryAt());
    long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  /**
   * @param verificationId the challenge id
   * @param status {@code OPEN}
   * @param expiresAt end of the new code's validity (ISO-8601 instant)
   * @param remainingAttempts wrong codes still allowed (a resend does not reset them)
   */
  public record ResendResponse(
      String verificationId, String status, Instant expiresAt, int remainingAttempts) {}
}
