package io.paystream.notification.contact;

import io.paystream.platform.cache.ReactiveCacheAside;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import reactor.core.publisher.Mono;

/**
 * Contacts through the platform's Redis cache-aside helper ({@link ReactiveCacheAside}, cache
 * {@value #CACHE}) in front of the registry view ({@link ContactRepository}).
 *
 * <ul>
 *   <li>Key {@code <prefix>:contacts:<customerId>} ({@code notification-service:contacts:c-1}),
 *       value the {@link Contact} as JSON; TTL {@code paystream.cache.caches.contacts.ttl} with
 *       jitter.
 *   <li>Unknown customers are cached as "not found" for {@code negative-ttl}, so a burst of
 *       notifications for a customer the registry lacks does not hit PostgreSQL each time.
 *   <li>Redis down or slow: the helper reads the registry directly (bounded by its command timeout
 *       and circuit breaker); delivery never fails because of Redis.
 *   <li>Staleness: payment-api publishes no contact-change events, so a changed phone number or
 *       email is seen after at most one TTL. {@link #findFresh} (DLT replays) evicts first.
 * </ul>
 */
public final class CachedContactDirectory implements ContactDirectory {

  /** The cache name (settings key and Redis key segment). */
  public static final String CACHE = "contacts";

  private final ContactRepository repository;
  private final ReactiveCacheAside<Contact> cache;

  public CachedContactDirectory(ContactRepository repository, ReactiveCacheAsideFactory caches) {
    this.repository = repository;
    this.cache = caches.create(CACHE, Contact.class);
  }

  @Override
  public Mono<Contact> find(String customerId) {
    return cache.get(customerId, repository::findByCustomerId);
  }

  @Override
  public Mono<Contact> findFresh(String customerId) {
    return cache.invalidate(customerId).then(find(customerId));
  }
}
