package io.paystream.simulator.chaos;

import io.paystream.simulator.bench.BenchTraffic;
import io.paystream.simulator.cardholder.Cardholder;
import io.paystream.simulator.model.Customer;
import io.paystream.simulator.model.Merchant;
import io.paystream.simulator.model.Transaction;
import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.PaymentClient;
import io.paystream.simulator.replay.PaymentOutcome;
import io.paystream.simulator.replay.ReplayStats;
import io.paystream.simulator.replay.StatusTracker;
import io.paystream.simulator.replay.Terminals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The payments of a chaos run that are <em>held</em>: every {@code every} a velocity burst ({@link
 * BenchTraffic#nextBurst}) is sent through the gateway by the replay's {@link PaymentClient} (which
 * retries timeouts, 5xx, 429 and 409 with the same key), followed by the {@link StatusTracker}, and
 * the pos-simulator's {@link Cardholder} answers each verification SMS with {@code YES} (no silent
 * share), so every held payment's loop should end {@code COMPLETED}.
 */
final class HeldStream {

  private final BenchTraffic traffic;
  private final PaymentClient payments;
  private final StatusTracker tracker;
  private final Cardholder cardholder;
  private final Map<String, List<PaymentOutcome>> acceptedByCustomer = new ConcurrentHashMap<>();
  private final Map<String, String> customerOfCard;
  private final List<CompletableFuture<PaymentOutcome>> sent = new CopyOnWriteArrayList<>();
  private final Duration every;
  private volatile boolean running;
  private Thread pacer;

  HeldStream(
      BenchTraffic traffic,
      HttpJson http,
      Endpoints endpoints,
      Terminals terminals,
      Cardholder.Settings settings,
      Duration every) {
    this.traffic = traffic;
    this.every = every;
    ReplayStats stats = new ReplayStats();
    this.payments = new PaymentClient(http, endpoints, terminals, stats, 5, Duration.ZERO);
    this.tracker = new StatusTracker(http, endpoints, terminals, stats, Duration.ofSeconds(1), 4);
    this.customerOfCard =
        traffic.dataset().cards().stream()
            .collect(
                Collectors.toMap(
                    io.paystream.simulator.model.Card::cardId,
                    io.paystream.simulator.model.Card::customerId));
    Map<String, String> customerByPhone = new ConcurrentHashMap<>();
    for (Customer c : traffic.dataset().customers()) {
      customerByPhone.put(c.phone(), c.customerId());
    }
    Map<String, String> names =
        traffic.dataset().merchants().stream()
            .collect(Collectors.toMap(Merchant::merchantId, Merchant::name, (a, b) -> a));
    this.cardholder =
        new Cardholder(
            http,
            endpoints,
            settings,
            customerByPhone,
            customer -> List.copyOf(acceptedByCustomer.getOrDefault(customer, List.of())),
            tracker,
            names::get,
            Cardholder.MATCH_WINDOW);
  }

  /** Starts the tracker and the cardholder (once per run). */
  void open() {
    tracker.start();
    cardholder.start();
  }

  /** Sends a burst now and every {@code every} until {@link #pause()}. */
  void resume() {
    running = true;
    pacer =
        Thread.ofPlatform()
            .daemon()
            .name("chaos-bursts")
            .start(
                () -> {
                  while (running && traffic.burstsLeft() > 0) {
                    burst();
                    long until = System.nanoTime() + every.toNanos();
                    while (running && System.nanoTime() < until) {
                      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    }
                  }
                });
  }

  /** Stops sending bursts (answers and tracking go on). */
  void pause() throws InterruptedException {
    running = false;
    if (pacer != null) {
      pacer.join();
    }
  }

  private void burst() {
    BenchTraffic.Burst b = traffic.nextBurst(Instant.now());
    List<Transaction> all = b.payments();
    for (int i = 0; i < all.size(); i++) {
      Transaction t = all.get(i);
      // the last one 3 s after the others: decided in a later batch than the five before it, it
      // finds them in the card's history and is held (six within 60 s)
      CompletableFuture<Void> due =
          i < all.size() - 1
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.runAsync(
                  () -> {},
                  CompletableFuture.delayedExecutor(3, java.util.concurrent.TimeUnit.SECONDS));
      CompletableFuture<PaymentOutcome> f =
          due.thenCompose(x -> payments.send(t, b.card(), t.transactionId()))
              .whenComplete(
                  (o, e) -> {
                    if (o != null && o.accepted()) {
                      acceptedByCustomer
                          .computeIfAbsent(
                              customerOfCard.get(t.cardId()),
                              k -> Collections.synchronizedList(new ArrayList<>()))
                          .add(o);
                      tracker.track(o);
                    }
                  });
      sent.add(f);
    }
  }

  /** Every burst payment sent since the last call, once answered (accepted or not). */
  List<PaymentOutcome> drain() {
    List<PaymentOutcome> out = new ArrayList<>();
    for (CompletableFuture<PaymentOutcome> f : List.copyOf(sent)) {
      out.add(f.join());
      sent.remove(f);
    }
    return out;
  }

  /** The cardholder's counters ({@code sms-received}, {@code answered-yes}, ...). */
  Map<String, Long> cardholderCounters() {
    return cardholder.counters();
  }

  /** Payment ids the cardholder answered. */
  Set<String> answered() {
    return cardholder.loops().stream()
        .filter(l -> l.paymentId() != null && l.callbackStatus() / 100 == 2)
        .map(Cardholder.Loop::paymentId)
        .collect(Collectors.toSet());
  }

  /** Stops the tracker and the cardholder. */
  void close() throws InterruptedException {
    pause();
    cardholder.stop();
    tracker.stop();
  }
}
