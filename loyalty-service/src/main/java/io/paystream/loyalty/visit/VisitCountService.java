package io.paystream.loyalty.visit;

import io.paystream.platform.cache.ReactiveCacheAside;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import java.util.Collection;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Visit counts for reads: Redis (cache {@code visit-counts}, key {@code <merchantId>:<customerId>})
 * in front of {@code loyalty.visit_counters}, through the platform cache-aside. Redis holds a copy
 * only: after every commit that changed a pair its entry is dropped and the next read rebuilds it
 * from PostgreSQL, so a flushed or restarted Redis loses nothing and two replicas can never leave
 * an older count behind a newer one (a write-through {@code SET} from two replicas could land out
 * of order).
 */
@Service
public class VisitCountService {

  /** Cache name (settings {@code paystream.cache.caches.visit-counts.*}). */
  public static final String CACHE = "visit-counts";

  private final VisitRepository visits;
  private final ReactiveCacheAside<VisitCount> cache;

  public VisitCountService(VisitRepository visits, ReactiveCacheAsideFactory caches) {
    this.visits = visits;
    this.cache = caches.create(CACHE, VisitCount.class);
  }

  /** The pair's count; empty when the customer never visited the merchant. */
  public Mono<VisitCount> count(VisitPair pair) {
    return cache.get(pair.key(), k -> visits.findCount(pair));
  }

  /** Drops the cached counts of pairs whose count changed (after the change committed). */
  public Mono<Void> evict(Collection<VisitPair> pairs) {
    return Flux.fromIterable(pairs).flatMap(p -> cache.invalidate(p.key()), 64).then();
  }

  /** The Redis key of a pair's cached count (for operators and tests). */
  public String redisKey(VisitPair pair) {
    return cache.redisKey(pair.key());
  }
}
