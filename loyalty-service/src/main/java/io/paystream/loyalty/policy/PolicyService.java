package io.paystream.loyalty.policy;

import io.paystream.loyalty.config.LoyaltyProperties;
import io.paystream.platform.cache.ReactiveCacheAside;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Merchant policies: PostgreSQL ({@code loyalty.policies}) behind the platform cache-aside (cache
 * {@code policies}, key = merchant id; a merchant without a row is negatively cached and gets the
 * configured default).
 */
@Service
public class PolicyService {

  /** Cache name (settings {@code paystream.cache.caches.policies.*}). */
  public static final String CACHE = "policies";

  private final PolicyRepository repository;
  private final ReactiveCacheAside<PolicySettings> cache;
  private final LoyaltyProperties.DefaultPolicy defaults;

  public PolicyService(
      PolicyRepository repository, ReactiveCacheAsideFactory caches, LoyaltyProperties properties) {
    this.repository = repository;
    this.cache = caches.create(CACHE, PolicySettings.class);
    this.defaults = properties.defaultPolicy();
  }

  /** The policy in force at the merchant: its own, else the default. */
  public Mono<LoyaltyPolicy> policyFor(String merchantId) {
    return cache
        .get(merchantId, repository::find)
        .map(s -> s.toPolicy(merchantId))
        .defaultIfEmpty(
            LoyaltyPolicy.defaultFor(merchantId, defaults.threshold(), defaults.benefit()));
  }

  /** The merchant's policy as settings (the default's when it has none). */
  public Mono<PolicySettings> settingsFor(String merchantId) {
    return policyFor(merchantId)
        .map(
            p ->
                new PolicySettings(
                    p.threshold(),
                    p.window() == null ? null : (int) p.window().toDays(),
                    p.benefit()));
  }

  /**
   * Replaces the merchant's policy and drops the cached one. It applies to visits counted from now
   * on; memberships already granted stay.
   */
  public Mono<PolicySettings> update(String merchantId, PolicySettings settings, String by) {
    return repository
        .upsert(merchantId, settings, by)
        .then(cache.invalidate(merchantId))
        .then(settingsFor(merchantId));
  }
}
