package io.paystream.loyalty.membership;

import io.paystream.loyalty.web.MerchantAccess;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/customers/{id}/memberships} (scope {@code loyalty:read} or {@code admin}): the
 * customer's VIP memberships, newest first. A merchant client (claim {@code merchant_id}) sees only
 * the membership at its own merchant; an admin token sees all; a token with neither sees none.
 */
@RestController
public class MembershipController {

  private final MembershipRepository memberships;

  public MembershipController(MembershipRepository memberships) {
    this.memberships = memberships;
  }

  /** The customer's memberships visible to the caller (possibly an empty list). */
  @GetMapping("/v1/customers/{customerId}/memberships")
  public Mono<List<Membership>> memberships(
      @PathVariable String customerId, @AuthenticationPrincipal Jwt jwt) {
    if (MerchantAccess.isAdmin(jwt)) {
      return memberships.findByCustomer(customerId, null).collectList();
    }
    String merchantId = jwt.getClaimAsString(MerchantAccess.MERCHANT_CLAIM);
    if (merchantId == null || merchantId.isBlank()) {
      return Mono.just(List.of());
    }
    return memberships.findByCustomer(customerId, merchantId).collectList();
  }
}
