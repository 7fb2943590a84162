package io.paystream.loyalty.regulars;

import io.paystream.platform.cache.ReactiveCacheAside;
import io.paystream.platform.cache.ReactiveCacheAsideFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Customer names from the registry's documented read-only view {@code
 * registry.customer_contacts(customer_id, name, …)} (owned by payment-api), through the platform
 * cache-aside (cache {@code customer-names}). Only the name is read; contact details never leave
 * the registry through this service. When the view cannot be read the name is unknown (the caller
 * shows {@code ***}), the dashboard still answers.
 */
@Component
public class CustomerNameDirectory {

  /** Cache name (settings {@code paystream.cache.caches.customer-names.*}). */
  public static final String CACHE = "customer-names";

  private static final Logger log = LoggerFactory.getLogger(CustomerNameDirectory.class);

  private final DatabaseClient db;
  private final ReactiveCacheAside<CustomerName> cache;

  public CustomerNameDirectory(DatabaseClient db, ReactiveCacheAsideFactory caches) {
    this.db = db;
    this.cache = caches.create(CACHE, CustomerName.class);
  }

  /** The customer's name; empty when unknown or unreadable. */
  public Mono<String> nameOf(String customerId) {
    return cache
        .get(customerId, this::load)
        .map(CustomerName::name)
        .onErrorResume(
            e -> {
              log.warn("registry.customer_contacts unreadable: {}", e.toString());
              return Mono.empty();
            });
  }

  private Mono<CustomerName> load(String customerId) {
    return db.sql("SELECT name FROM registry.customer_contacts WHERE customer_id = $1")
        .bind(0, customerId)
        .map(r -> new CustomerName(r.get("name", String.class)))
        .one();
  }

  /**
   * A cached name.
   *
   * @param name the registry name (may be null)
   */
  public record CustomerName(String name) {}
}
