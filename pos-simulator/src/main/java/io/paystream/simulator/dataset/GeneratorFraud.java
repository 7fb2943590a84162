package io.paystream.simulator.dataset;

import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Customer;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The generator's fraud episodes, to replay on top of a file dataset ({@code
 * --with-generator-fraud}, issue 10 "In CI"): file datasets have few located fraud cases, the
 * generator's cloned cards exercise the hold → {@code NO} → {@code DENIED} loop.
 *
 * <p>An episode is every payment of a card with a fraud-labelled payment, from {@link #MARGIN}
 * before its first fraud payment to {@link #MARGIN} after its last: the owner's payment at home 40
 * minutes before, the clone's 1–4 payments far away, the owner's payment ~30 minutes after.
 */
public final class GeneratorFraud {

  /** Time around a card's fraud payments that belongs to its episode. */
  public static final Duration MARGIN = Duration.ofHours(1);

  private GeneratorFraud() {}

  /** The episodes' payments, in event-time order. */
  public static List<Transaction> episodes(Dataset generated) {
    Map<String, Instant[]> windows = new HashMap<>();
    for (Transaction t : generated.transactions()) {
      if (t.fraud()) {
        Instant at = t.occurredAt().toInstant();
        windows.merge(
            t.cardId(),
            new Instant[] {at, at},
            (a, b) ->
                new Instant[] {
                  a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]
                });
      }
    }
    return generated.transactions().stream()
        .filter(
            t -> {
              Instant[] w = windows.get(t.cardId());
              Instant at = t.occurredAt().toInstant();
              return w != null
                  && !at.isBefore(w[0].minus(MARGIN))
                  && !at.isAfter(w[1].plus(MARGIN));
            })
        .sorted(Dataset.EVENT_TIME)
        .toList();
  }

  /**
   * {@code base} plus what {@code episodes} need: their customers (with all their cards) and
   * merchants, and the episodes' payments; skipped/notes of {@code base} kept, the number of
   * episode payments noted as {@code generator-fraud-payments}.
   */
  public static Dataset merge(Dataset base, Dataset generated, List<Transaction> episodes) {
    Set<String> cardIds = episodes.stream().map(Transaction::cardId).collect(Collectors.toSet());
    Set<String> customerIds =
        generated.cards().stream()
            .filter(c -> cardIds.contains(c.cardId()))
            .map(Card::customerId)
            .collect(Collectors.toSet());
    Set<String> merchantIds =
        episodes.stream().map(Transaction::merchantId).collect(Collectors.toSet());
    List<Customer> customers =
        Stream.concat(
                base.customers().stream(),
                generated.customers().stream().filter(c -> customerIds.contains(c.customerId())))
            .toList();
    List<Card> cards =
        Stream.concat(
                base.cards().stream(),
                generated.cards().stream().filter(c -> customerIds.contains(c.customerId())))
            .toList();
    var merchants =
        Stream.concat(
                base.merchants().stream(),
                generated.merchants().stream().filter(m -> merchantIds.contains(m.merchantId())))
            .toList();
    List<Transaction> transactions = new ArrayList<>(base.transactions());
    transactions.addAll(episodes);
    Map<String, Long> notes = new TreeMap<>(base.notes());
    notes.put("generator-fraud-payments", (long) episodes.size());
    notes.put("generator-fraud-labelled", episodes.stream().filter(Transaction::fraud).count());
    return new Dataset(
        base.source() + " + " + generated.source() + " fraud episodes",
        customers,
        cards,
        merchants,
        transactions,
        base.skipped(),
        notes);
  }
}
