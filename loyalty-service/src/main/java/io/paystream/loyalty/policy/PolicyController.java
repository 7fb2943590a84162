package io.paystream.loyalty.policy;

import io.paystream.loyalty.web.MerchantAccess;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET|PUT /v1/merchants/{id}/loyalty-policy}: read (scope {@code admin}, or {@code
 * loyalty:read} for the merchant's own id) and replace (scope {@code admin}) a merchant's policy.
 */
@RestController
public class PolicyController {

  private final PolicyService policies;

  public PolicyController(PolicyService policies) {
    this.policies = policies;
  }

  /** The policy in force (the default's values when the merchant has none). */
  @GetMapping("/v1/merchants/{merchantId}/loyalty-policy")
  public Mono<PolicySettings> get(
      @PathVariable String merchantId, @AuthenticationPrincipal Jwt jwt) {
    MerchantAccess.requireOwnOrAdmin(jwt, merchantId);
    return policies.settingsFor(merchantId);
  }

  /** Creates or replaces the policy; 400 problem on invalid values. */
  @PutMapping("/v1/merchants/{merchantId}/loyalty-policy")
  public Mono<PolicySettings> put(
      @PathVariable String merchantId,
      @Valid @RequestBody PolicySettings settings,
      @AuthenticationPrincipal Jwt jwt) {
    return policies.update(merchantId, settings, jwt.getSubject());
  }
}
