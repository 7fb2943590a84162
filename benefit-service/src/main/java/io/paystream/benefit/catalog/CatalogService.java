package io.paystream.benefit.catalog;

import io.paystream.platform.cache.ReactiveCacheAside;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The current benefit catalog: PostgreSQL behind the platform's Redis cache-aside (cache {@code
 * benefit-catalog}, one entry {@code current}; TTL {@code
 * paystream.cache.caches.benefit-catalog.*}, straight to PostgreSQL when Redis is down). Edits go
 * through {@link #replaceProduct} and {@link #deleteProduct}, which invalidate the entry, so every
 * replica sees them on its next read. The indexed {@link Catalog} is rebuilt only when the snapshot
 * read differs from the last one.
 */
@Service
public class CatalogService {

  /** Cache name. */
  public static final String CACHE = "benefit-catalog";

  private static final String KEY = "current";

  private final CatalogRepository repository;
  private final ReactiveCacheAside<CatalogSnapshot> cache;
  private final AtomicReference<Catalog> last = new AtomicReference<>();

  public CatalogService(CatalogRepository repository, ReactiveCacheAsideFactory caches) {
    this.repository = repository;
    this.cache = caches.create(CACHE, CatalogSnapshot.class);
  }

  /** The catalog as it is now. */
  public Mono<Catalog> current() {
    return cache
        .get(KEY, key -> repository.load())
        .switchIfEmpty(repository.load())
        .map(this::indexed);
  }

  private Catalog indexed(CatalogSnapshot snapshot) {
    Catalog known = last.get();
    if (known != null && known.snapshot().equals(snapshot)) {
      return known;
    }
    Catalog fresh = Catalog.of(snapshot);
    last.set(fresh);
    return fresh;
  }

  /** Creates or replaces a product and its rules; returns the catalog after the change. */
  public Mono<CatalogSnapshot> replaceProduct(CardProduct product, List<BenefitRule> rules) {
    return repository
        .replaceProduct(product, rules)
        .then(cache.invalidate(KEY))
        .then(repository.load());
  }

  /** Deletes a product; {@code false} when there was none. */
  public Mono<Boolean> deleteProduct(String code) {
    return repository.deleteProduct(code).flatMap(found -> cache.invalidate(KEY).thenReturn(found));
  }
}
