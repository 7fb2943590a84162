package io.paystream.verification.confirm;

import io.paystream.verification.challenge.ChallengeService;
import io.paystream.verification.challenge.Reply;
import io.paystream.verification.config.VerificationProperties;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * In-app confirmation {@code POST /v1/verifications/{id}/confirm} with {@code {"decision":
 * "YES|NO", "code": "123456"}} and a bearer token whose customer claim is the challenged customer.
 * Same checks and the same attempt counter as the SMS answer.
 *
 * <p>Answers: {@code 200 {verificationId, status, result, remainingAttempts}}; {@code 404} problem
 * for an unknown id or another customer's challenge (no existence oracle); {@code 409} problem
 * {@code .../verification-closed} when it has already ended; {@code 400} problem {@code
 * .../validation} for an unreadable decision or code (no attempt counted).
 */
@RestController
public class ConfirmationController {

  private final ChallengeService service;
  private final String customerClaim;

  public ConfirmationController(ChallengeService service, VerificationProperties properties) {
    this.service = service;
    this.customerClaim = properties.customerClaim();
  }

  @PostMapping("/v1/verifications/{id}/confirm")
  public Mono<ConfirmationResponse> confirm(
      @PathVariable String id,
      @RequestBody ConfirmationRequest request,
      @AuthenticationPrincipal Jwt jwt) {
    UUID challengeId;
    try {
      challengeId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Mono.error(notFound());
    }
    String customerId = jwt.getClaimAsString(customerClaim);
    if (customerId == null || customerId.isBlank()) {
      return Mono.error(notFound());
    }
    Reply reply = Reply.ofDecision(request.decision(), request.code());
    if (reply instanceof Reply.Unparseable) {
      return Mono.error(
          problem(
              HttpStatus.BAD_REQUEST,
              "validation",
              "Invalid request",
              "decision must be YES (with a 6-digit code) or NO"));
    }
    return service
        .answerInApp(challengeId, customerId, reply)
        .switchIfEmpty(Mono.error(notFound()))
        .flatMap(
            o -> {
              if (o.result() == io.paystream.verification.challenge.AnswerResult.NOT_OPEN) {
                return Mono.error(
                    problem(
                        HttpStatus.CONFLICT,
                        "verification-closed",
                        "Verification closed",
                        "This verification has already ended: " + o.status()));
              }
              return Mono.just(
                  new ConfirmationResponse(
                      o.challengeId().toString(),
                      o.status().name(),
                      o.result().name(),
                      o.remainingAttempts()));
            });
  }

  static ErrorResponseException notFound() {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such verification.");
  }

  static ErrorResponseException problem(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("https://paystream.io/problems/" + type));
    problem.setTitle(title);
    return new ErrorResponseException(status, problem, null);
  }

  /**
   * @param decision {@code YES} or {@code NO}
   * @param code the 6-digit code (required with {@code YES})
   */
  public record ConfirmationRequest(String decision, String code) {}

  /**
   * @param verificationId the challenge id
   * @param status the challenge's status afterwards
   * @param result what the answer did ({@code APPROVED}, {@code REJECTED}, {@code WRONG_CODE},
   *     {@code LOCKED}, {@code EXPIRED})
   * @param remainingAttempts wrong codes still allowed
   */
  public record ConfirmationResponse(
      String verificationId, String status, String result, int remainingAttempts) {}
}
