package io.paystream.simulator.replay;

import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Replays transactions in event-time order across all cards: dispatched in that order, at most
 * {@code concurrency} in flight, optionally paced to {@code rate} per second. A card's next payment
 * is sent only after its previous one was answered, so each card's payments reach payment-api (and
 * its Kafka partition) in event-time order even under concurrency.
 */
public final class ReplayEngine {

  private final PaymentClient client;
  private final ReplayStats stats;
  private final int concurrency;
  private final double rate;
  private final String keyPrefix;

  /**
   * @param concurrency payments in flight at most (≥ 1)
   * @param rate target payments per second, 0 = as fast as the concurrency bound allows
   * @param keyPrefix prefix of every {@code Idempotency-Key} ({@code <prefix>:<transactionId>})
   */
  public ReplayEngine(
      PaymentClient client, ReplayStats stats, int concurrency, double rate, String keyPrefix) {
    this.client = client;
    this.stats = stats;
    this.concurrency = concurrency;
    this.rate = rate;
    this.keyPrefix = keyPrefix;
  }

  /** The idempotency key of a transaction in this run. */
  public String idempotencyKey(Transaction t) {
    return keyPrefix + ":" + t.transactionId();
  }

  /**
   * Sends every transaction and waits for all answers; {@code onOutcome} sees each outcome as it
   * arrives. Returns outcomes in the order of {@code transactions}.
   */
  public List<PaymentOutcome> replay(
      List<Transaction> transactions, Map<String, Card> cards, Consumer<PaymentOutcome> onOutcome) {
    stats.total.set(transactions.size());
    Semaphore permits = new Semaphore(concurrency);
    Map<String, CompletableFuture<?>> lastByCard = new HashMap<>();
    PaymentOutcome[] outcomes = new PaymentOutcome[transactions.size()];
    List<CompletableFuture<?>> all = new ArrayList<>(transactions.size());
    long start = System.nanoTime();
    for (int i = 0; i < transactions.size(); i++) {
      Transaction t = transactions.get(i);
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      permits.acquireUninterruptibly();
      stats.sent.incrementAndGet();
      stats.inFlight.incrementAndGet();
      int index = i;
      Card card = cards.get(t.cardId());
      CompletableFuture<?> previous =
          lastByCard.getOrDefault(t.cardId(), CompletableFuture.completedFuture(null));
      CompletableFuture<PaymentOutcome> sent =
          previous
              .handle((ignored, error) -> null)
              .thenCompose(
                  ignored ->
                      card == null
                          ? CompletableFuture.completedFuture(unknownCard(t))
                          : client.send(t, card, idempotencyKey(t)));
      CompletableFuture<Void> done =
          sent.thenAccept(
              outcome -> {
                outcomes[index] = outcome;
                permits.release();
                stats.inFlight.decrementAndGet();
                onOutcome.accept(outcome);
              });
      lastByCard.put(t.cardId(), done);
      all.add(done);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return List.of(outcomes);
  }

  private PaymentOutcome unknownCard(Transaction t) {
    stats.recordRejected("unknown-card");
    return new PaymentOutcome(
        t, idempotencyKey(t), null, null, null, 0, "unknown-card", 0, null, false);
  }
}
