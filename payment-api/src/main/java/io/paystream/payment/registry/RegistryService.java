package io.paystream.payment.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Reads and writes the registry. Reads used for payment enrichment go through {@link
 * RegistryLookup}; writes here keep it consistent.
 */
@Service
public class RegistryService {

  private final CustomerRepository customers;
  private final CardRepository cards;
  private final MerchantRepository merchants;
  private final RegistryLookup lookup;

  public RegistryService(
      CustomerRepository customers,
      CardRepository cards,
      MerchantRepository merchants,
      RegistryLookup lookup) {
    this.customers = customers;
    this.cards = cards;
    this.merchants = merchants;
    this.lookup = lookup;
  }

  /** Upserts customers with distinct ids. */
  public Mono<Long> saveCustomers(List<Customer> rows) {
    return customers.upsertAll(rows);
  }

  /** Upserts merchants with distinct ids, then drops them from the enrichment cache. */
  public Mono<Long> saveMerchants(List<Merchant> rows) {
    return merchants
        .upsertAll(rows)
        .flatMap(
            n ->
                lookup
                    .evictMerchants(rows.stream().map(Merchant::merchantId).toList())
                    .thenReturn(n));
  }

  /**
   * Upserts the cards whose customer exists and drops them from the enrichment cache.
   *
   * @return the customer ids that do not exist (their cards were not written)
   */
  public Mono<Set<String>> saveCards(List<Card> rows) {
    List<String> customerIds = rows.stream().map(Card::customerId).distinct().toList();
    return customers
        .existingIds(customerIds)
        .collectList()
        .flatMap(
            existing -> {
              Set<String> unknown = new HashSet<>(customerIds);
              existing.forEach(unknown::remove);
              List<Card> writable =
                  rows.stream().filter(c -> !unknown.contains(c.customerId())).toList();
              return cards
                  .upsertAll(writable)
                  .then(lookup.evictCards(writable.stream().map(Card::cardToken).toList()))
                  .thenReturn(unknown);
            });
  }

  /** A customer by id. */
  public Mono<Customer> customer(String id) {
    return customers.findById(id);
  }

  /** A merchant by id. */
  public Mono<Merchant> merchant(String id) {
    return merchants.findById(id);
  }

  /** A card by token. */
  public Mono<Card> card(String token) {
    return cards.findByToken(token);
  }
}
