package io.paystream.simulator.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A loaded dataset in the canonical model: everything the replay registers and sends.
 *
 * @param source human-readable origin ({@code tabformer:/path}, {@code generator:seed=42})
 * @param customers cardholders
 * @param cards cards, each owned by one of {@code customers}
 * @param merchants merchant sites
 * @param transactions payments in event-time order (instant, then dataset order)
 * @param skipped rows not turned into payments, by reason (e.g. {@code negative-amount})
 * @param notes counted adjustments the adapter made (e.g. {@code luhn-check-digit-replaced})
 */
public record Dataset(
    String source,
    List<Customer> customers,
    List<Card> cards,
    List<Merchant> merchants,
    List<Transaction> transactions,
    Map<String, Long> skipped,
    Map<String, Long> notes) {

  /** Event-time order used for replay: the instant, ties kept in dataset order (stable sort). */
  public static final Comparator<Transaction> EVENT_TIME =
      Comparator.comparing(t -> t.occurredAt().toInstant());

  public Dataset {
    customers = List.copyOf(customers);
    cards = List.copyOf(cards);
    merchants = List.copyOf(merchants);
    transactions = transactions.stream().sorted(EVENT_TIME).toList();
    skipped = Map.copyOf(skipped);
    notes = Map.copyOf(notes);
  }

  /** Cards by {@link Card#cardId()}. */
  public Map<String, Card> cardsById() {
    return cards.stream().collect(Collectors.toMap(Card::cardId, Function.identity()));
  }

  /** Customers by id. */
  public Map<String, Customer> customersById() {
    return customers.stream().collect(Collectors.toMap(Customer::customerId, Function.identity()));
  }

  /** Merchants by id. */
  public Map<String, Merchant> merchantsById() {
    return merchants.stream().collect(Collectors.toMap(Merchant::merchantId, Function.identity()));
  }

  /**
   * The transactions to replay: event time within {@code [from, to)} (either may be null), at most
   * {@code limit} (0 = all).
   */
  public List<Transaction> slice(Instant from, Instant to, long limit) {
    var stream =
        transactions.stream()
            .filter(t -> from == null || !t.occurredAt().toInstant().isBefore(from))
            .filter(t -> to == null || t.occurredAt().toInstant().isBefore(to));
    if (limit > 0) {
      stream = stream.limit(limit);
    }
    return stream.toList();
  }
}
