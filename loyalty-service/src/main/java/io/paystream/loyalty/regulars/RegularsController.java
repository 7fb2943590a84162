package io.paystream.loyalty.regulars;

import io.paystream.loyalty.config.LoyaltyProperties;
import io.paystream.loyalty.visit.VisitCount;
import io.paystream.loyalty.visit.VisitCountService;
import io.paystream.loyalty.visit.VisitPair;
import io.paystream.loyalty.visit.VisitRepository;
import io.paystream.loyalty.web.MerchantAccess;
import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import io.paystream.platform.problem.ProblemTypes;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The merchant dashboard (scope {@code loyalty:read}, the token's {@code merchant_id} must be the
 * path's merchant, else 404):
 *
 * <ul>
 *   <li>{@code GET /v1/merchants/{id}/regulars?limit=} — top customers by counted visits (ties:
 *       most recent visit first), {@code limit} 1…{@code loyalty.regulars.max-limit} (default
 *       {@code loyalty.regulars.default-limit});
 *   <li>{@code GET /v1/merchants/{id}/customers/{customerId}} — one customer's standing, the count
 *       served from Redis (rebuilt from PostgreSQL when missing).
 * </ul>
 */
@RestController
public class RegularsController {

  private final VisitRepository visits;
  private final VisitCountService counts;
  private final CustomerNameDirectory names;
  private final LoyaltyProperties.Regulars settings;

  public RegularsController(
      VisitRepository visits,
      VisitCountService counts,
      CustomerNameDirectory names,
      LoyaltyProperties properties) {
    this.visits = visits;
    this.counts = counts;
    this.names = names;
    this.settings = properties.regulars();
  }

  /** Top customers, most visits first. */
  @GetMapping("/v1/merchants/{merchantId}/regulars")
  public Mono<List<Regular>> regulars(
      @PathVariable String merchantId,
      @RequestParam(required = false) Integer limit,
      @AuthenticationPrincipal Jwt jwt) {
    MerchantAccess.requireOwn(jwt, merchantId);
    int n = limit == null ? settings.defaultLimit() : limit;
    if (n < 1 || n > settings.maxLimit()) {
      throw new PaystreamProblem(
              HttpStatus.BAD_REQUEST,
              ProblemTypes.INVALID_REQUEST,
              "Invalid request",
              "limit must be between 1 and " + settings.maxLimit())
          .with(
              "errors",
              List.of(new FieldError("limit", "must be between 1 and " + settings.maxLimit())));
    }
    return visits.topCustomers(merchantId, n).concatMap(this::regular).collectList();
  }

  /** One customer's visits at the merchant; 404 when they never visited. */
  @GetMapping("/v1/merchants/{merchantId}/customers/{customerId}")
  public Mono<Regular> customer(
      @PathVariable String merchantId,
      @PathVariable String customerId,
      @AuthenticationPrincipal Jwt jwt) {
    MerchantAccess.requireOwn(jwt, merchantId);
    return counts
        .count(new VisitPair(customerId, merchantId))
        .flatMap(this::regular)
        .switchIfEmpty(
            Mono.error(
                () ->
                    new PaystreamProblem(
                        HttpStatus.NOT_FOUND,
                        ProblemTypes.NOT_FOUND,
                        "Not found",
                        "Customer " + customerId + " has no visits at " + merchantId)));
  }

  private Mono<Regular> regular(VisitCount c) {
    return names
        .nameOf(c.customerId())
        .map(NameMasker::mask)
        .defaultIfEmpty(NameMasker.mask(null))
        .map(
            masked ->
                new Regular(
                    c.customerId(),
                    masked,
                    c.visits(),
                    c.vip(),
                    c.firstVisitAt(),
                    c.lastVisitAt()));
  }
}
