package io.paystream.payment.status;

import io.paystream.payment.security.ClientPrincipal;
import io.paystream.payment.web.Problems;
import io.paystream.platform.problem.PaystreamProblem;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Payment reads (scope {@code payments:read}) from the status view. Object-level authorization: a
 * payment is visible to the client that submitted it and to clients acting for its merchant; to
 * anyone else it does not exist (404, not 403, so ids cannot be probed).
 */
@RestController
public class PaymentQueryController {

  private final PaymentStatusRepository payments;

  public PaymentQueryController(PaymentStatusRepository payments) {
    this.payments = payments;
  }

  @GetMapping("/v1/payments/{paymentId}")
  public Mono<PaymentView> byId(@AuthenticationPrincipal Jwt jwt, @PathVariable String paymentId) {
    UUID id;
    try {
      id = UUID.fromString(paymentId);
    } catch (IllegalArgumentException e) {
      return notFound();
    }
    ClientPrincipal client = ClientPrincipal.of(jwt);
    return payments
        .findById(id)
        .filter(
            p ->
                p.clientId().equals(client.clientId())
                    || (client.merchantId() != null && client.merchantId().equals(p.merchantId())))
        .map(StoredPayment::toView)
        .switchIfEmpty(notFound());
  }

  @GetMapping(path = "/v1/payments", params = "idempotencyKey")
  public Mono<PaymentView> byIdempotencyKey(
      @AuthenticationPrincipal Jwt jwt, @RequestParam String idempotencyKey) {
    return payments
        .findByIdempotencyKey(ClientPrincipal.of(jwt).clientId(), idempotencyKey)
        .map(StoredPayment::toView)
        .switchIfEmpty(notFound());
  }

  @GetMapping(path = "/v1/payments")
  public Mono<PaymentView> withoutKey() {
    return Mono.error(Problems.validation("idempotencyKey", "query parameter is required"));
  }

  private static <T> Mono<T> notFound() {
    return Mono.error(
        () ->
            new PaystreamProblem(
                HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "no such payment"));
  }
}
