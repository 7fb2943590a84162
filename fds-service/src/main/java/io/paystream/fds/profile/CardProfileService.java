package io.paystream.fds.profile;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.fds.ledger.LedgerRepository;
import io.paystream.platform.cache.ReactiveCacheAside;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Card profiles through the platform cache-aside (Redis, cache {@code card-profiles}, key = card
 * token) in front of {@code ledger.card_profiles}.
 *
 * <p>The locked row is the truth for a decision; the cache only saves reading and parsing it. A
 * batch is decided in three steps:
 *
 * <ol>
 *   <li>{@link #prefetch} — before the transaction, so no row lock is held while Redis is asked:
 *       each card's cached {@link VersionedCardProfile}. A miss is not loaded key by key: the
 *       helper's loader answers "nothing" and the card is read in step 2 with the rest of the batch
 *       (one query that the transaction needs anyway), so a cold cache costs no extra round trips.
 *       Negative caching is off for this cache ({@code
 *       paystream.cache.caches.card-profiles.negative-ttl=0s}); were it on, a marker would only
 *       mean one more locked read until step 3 overwrites it.
 *   <li>{@link #lockForDecision} — inside the transaction: {@code SELECT card_token, version ...
 *       FOR UPDATE} on the batch's cards. A prefetched copy whose version equals the locked row's
 *       is that row's content and is used; every other card (stale or missing entry, Redis down) is
 *       read from the locked rows in one query. The decision therefore never depends on what Redis
 *       holds, only on how fast it is answered.
 *   <li>{@link #refreshAfterCommit} / {@link #invalidateAfterCommit} — registered in the
 *       transaction, run once it committed: the new profiles (with their new versions) are written
 *       to Redis, or the key is dropped. A lost write (Redis down) or a late one overtaken by a
 *       newer commit only costs a reload next time: the version check rejects it.
 * </ol>
 *
 * When Redis is down the platform helper answers from the loader within its command timeout and its
 * circuit breaker opens; while it is open the prefetch is skipped and the whole batch is read from
 * the locked rows (one query, as before the cache existed). Without a Redis connection configured
 * at all (no {@link ReactiveCacheAsideFactory} bean) the same database-only path is used.
 *
 * <p>Metrics: the platform's {@code paystream.cache.*} (tag {@code cache=card-profiles}) and {@code
 * fds.card.profile.reads} with {@code source} = {@code cache} (prefetched copy current) or {@code
 * database} (read from the locked row), and {@code fds.card.profile.stale} (prefetched copy older
 * than the row).
 */
@Service
public class CardProfileService {

  /** Name of the Redis cache (key {@code <prefix>:card-profiles:<cardToken>}). */
  public static final String CACHE_NAME = "card-profiles";

  private static final int PREFETCH_CONCURRENCY = 32;

  private final LedgerRepository ledger;
  private final ReactiveCacheAside<VersionedCardProfile> cache;
  private final CircuitBreaker redisBreaker;
  private final Counter fromCache;
  private final Counter fromDatabase;
  private final Counter stale;

  public CardProfileService(
      LedgerRepository ledger,
      ObjectProvider<ReactiveCacheAsideFactory> caches,
      MeterRegistry meters) {
    this.ledger = ledger;
    ReactiveCacheAsideFactory factory = caches.getIfAvailable();
    this.cache = factory == null ? null : factory.create(CACHE_NAME, VersionedCardProfile.class);
    this.redisBreaker = factory == null ? null : factory.circuitBreaker();
    this.fromCache = reads(meters, "cache");
    this.fromDatabase = reads(meters, "database");
    this.stale =
        Counter.builder("fds.card.profile.stale")
            .description("Cached card profiles older than the locked row (reloaded)")
            .register(meters);
  }

  /**
   * The cached profiles of {@code cardTokens}, by card token; cards without a profile are missing.
   * Call it outside the ledger transaction. Never fails because of Redis; an empty map when the
   * cache is off or Redis is known to be down.
   */
  public Mono<Map<String, VersionedCardProfile>> prefetch(Collection<String> cardTokens) {
    if (cache == null
        || cardTokens.isEmpty()
        || redisBreaker.getState() == CircuitBreaker.State.OPEN) {
      return Mono.just(Map.of());
    }
    return Flux.fromIterable(cardTokens)
        .distinct()
        .flatMap(card -> cache.get(card, c -> Mono.empty()), PREFETCH_CONCURRENCY)
        .collectMap(v -> v.profile().cardToken());
  }

  /**
   * Row-locks the profiles of {@code cardTokens} and returns their current content, by card token
   * (cards never seen are missing). Must run inside the ledger transaction; {@code prefetched}
   * copies are used only where their version equals the locked row's.
   */
  public Mono<Map<String, VersionedCardProfile>> lockForDecision(
      Collection<String> cardTokens, Map<String, VersionedCardProfile> prefetched) {
    return ledger
        .lockProfileVersions(cardTokens)
        .flatMap(
            versions -> {
              Map<String, VersionedCardProfile> current = new HashMap<>();
              List<String> reload =
                  versions.entrySet().stream()
                      .filter(
                          e -> {
                            VersionedCardProfile cached = prefetched.get(e.getKey());
                            if (cached != null && cached.version() == e.getValue()) {
                              current.put(e.getKey(), cached);
                              return false;
                            }
                            if (cached != null) {
                              stale.increment();
                            }
                            return true;
                          })
                      .map(Map.Entry::getKey)
                      .toList();
              fromCache.increment(current.size());
              fromDatabase.increment(reload.size());
              return ledger
                  .loadProfiles(reload)
                  .map(
                      loaded -> {
                        current.putAll(loaded);
                        return current;
                      });
            });
  }

  /**
   * Writes {@code saved} to the cache once the current transaction committed (nothing if it rolls
   * back). Must be called inside the transaction.
   */
  public Mono<Void> refreshAfterCommit(Collection<VersionedCardProfile> saved) {
    if (cache == null || saved.isEmpty()) {
      return Mono.empty();
    }
    List<VersionedCardProfile> copy = List.copyOf(saved);
    return afterCommit(
        Flux.fromIterable(copy)
            .flatMap(v -> cache.put(v.profile().cardToken(), v), PREFETCH_CONCURRENCY)
            .then());
  }

  /**
   * Drops {@code cardToken}'s cache entry once the current transaction committed. Must be called
   * inside the transaction.
   */
  public Mono<Void> invalidateAfterCommit(String cardToken) {
    if (cache == null) {
      return Mono.empty();
    }
    return afterCommit(cache.invalidate(cardToken));
  }

  private static Mono<Void> afterCommit(Mono<Void> action) {
    return TransactionSynchronizationManager.forCurrentTransaction()
        .doOnNext(
            sync ->
                sync.registerSynchronization(
                    new TransactionSynchronization() {
                      @Override
                      public Mono<Void> afterCommit() {
                        // put/invalidate never fail and are bounded by the command timeout
                        return action;
                      }
                    }))
        .then();
  }

  private static Counter reads(MeterRegistry meters, String source) {
    return Counter.builder("fds.card.profile.reads")
        .description("Card profiles used for decisions, by where their content came from")
        .tag("source", source)
        .register(meters);
  }
}
