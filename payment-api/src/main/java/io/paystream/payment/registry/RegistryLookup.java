package io.paystream.payment.registry;

import io.paystream.platform.cache.ReactiveCacheAside;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Registry reads on the payment path (enrichment), through the platform's Redis cache-aside (caches
 * {@code registry-cards} by token and {@code registry-merchants} by id; negative caching of unknown
 * ids; straight to PostgreSQL when Redis is down). Registry writes invalidate the entries they
 * change.
 */
@Component
public class RegistryLookup {

  private static final int EVICT_CONCURRENCY = 16;

  private final CardRepository cards;
  private final MerchantRepository merchants;
  private final ReactiveCacheAside<Card> cardCache;
  private final ReactiveCacheAside<Merchant> merchantCache;

  public RegistryLookup(
      CardRepository cards, MerchantRepository merchants, ReactiveCacheAsideFactory caches) {
    this.cards = cards;
    this.merchants = merchants;
    this.cardCache = caches.create("registry-cards", Card.class);
    this.merchantCache = caches.create("registry-merchants", Merchant.class);
  }

  /** The first card found among {@code tokens} (tried in order), or empty. */
  public Mono<Card> card(List<String> tokens) {
    return Flux.fromIterable(tokens)
        .concatMap(token -> cardCache.get(token, cards::findByToken))
        .next();
  }

  /** The merchant, or empty. */
  public Mono<Merchant> merchant(String merchantId) {
    return merchantCache.get(merchantId, merchants::findById);
  }

  /** Forgets cached cards (and "not found" markers) after a registry write. */
  public Mono<Void> evictCards(List<String> tokens) {
    return Flux.fromIterable(tokens).flatMap(cardCache::invalidate, EVICT_CONCURRENCY).then();
  }

  /** Forgets cached merchants after a registry write. */
  public Mono<Void> evictMerchants(List<String> merchantIds) {
    return Flux.fromIterable(merchantIds)
        .flatMap(merchantCache::invalidate, EVICT_CONCURRENCY)
        .then();
  }
}
