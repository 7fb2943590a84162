package io.paystream.simulator.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;

/**
 * Follows accepted payments to their final state with {@code GET /v1/payments/{id}} (the sending
 * terminal's token: payments are readable by their owner only): first read {@code pollInterval}
 * after the accept, then backing off (doubling, at most 8 s between reads of one payment), at most
 * {@code concurrency} reads in flight. A payment seen in {@code PENDING_VERIFICATION} is remembered
 * as held. The accept → final decision latency is the view's {@code updatedAt} minus the client's
 * accept time (same host clock in the dev stack).
 */
public final class StatusTracker {

  /** The latest known state of an accepted payment. */
  public record Tracked(
      PaymentOutcome outcome,
      String status,
      boolean held,
      Instant decidedAt,
      List<String> reasonCodes) {

    /** {@code true} once the status is COMPLETED, DENIED or EXPIRED. */
    public boolean isFinal() {
      return status != null
          && (status.equals("COMPLETED") || status.equals("DENIED") || status.equals("EXPIRED"));
    }
  }

  private final HttpJson http;
  private final Endpoints endpoints;
  private final Terminals terminals;
  private final ReplayStats stats;
  static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(8);

  private final Duration pollInterval;
  private final int concurrency;
  private final Map<String, Tracked> byPaymentId = new ConcurrentHashMap<>();
  private final Map<String, Instant> nextPoll = new ConcurrentHashMap<>();
  private final Map<String, Integer> polls = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private Thread thread;

  public StatusTracker(
      HttpJson http,
      Endpoints endpoints,
      Terminals terminals,
      ReplayStats stats,
      Duration pollInterval,
      int concurrency) {
    this.http = http;
    this.endpoints = endpoints;
    this.terminals = terminals;
    this.stats = stats;
    this.pollInterval = pollInterval;
    this.concurrency = concurrency;
  }

  /** Starts following an accepted payment. */
  public void track(PaymentOutcome outcome) {
    if (!outcome.accepted()) {
      return;
    }
    byPaymentId.put(
        outcome.paymentId(), new Tracked(outcome, outcome.status(), false, null, List.of()));
    nextPoll.put(outcome.paymentId(), Instant.now().plus(pollInterval));
    polls.put(outcome.paymentId(), 0);
    queue.add(outcome.paymentId());
  }

  /** Marks a payment as held for verification (e.g. the cardholder got its SMS). */
  public void markHeld(String paymentId) {
    byPaymentId.computeIfPresent(
        paymentId,
        (id, t) -> new Tracked(t.outcome(), t.status(), true, t.decidedAt(), t.reasonCodes()));
  }

  /** The latest known state, or {@code null} for an unknown payment. */
  public Tracked get(String paymentId) {
    return byPaymentId.get(paymentId);
  }

  /** All tracked payments. */
  public List<Tracked> all() {
    return List.copyOf(byPaymentId.values());
  }

  /** Payments not yet final. */
  public long pending() {
    return byPaymentId.values().stream().filter(t -> !t.isFinal()).count();
  }

  /** Reads a payment's view now (used by the cardholder to find the held payment). */
  public CompletableFuture<Tracked> refresh(String paymentId) {
    Tracked t = byPaymentId.get(paymentId);
    if (t == null) {
      return CompletableFuture.completedFuture(null);
    }
    Terminals.Terminal terminal = terminals.of(t.outcome().transaction().merchantId());
    return terminals
        .token(terminal)
        .thenCompose(
            token ->
                http.send(
                    http.request(endpoints.gateway("/v1/payments/" + paymentId))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json")
                        .GET()
                        .build()))
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                return byPaymentId.get(paymentId);
              }
              return update(paymentId, HttpJson.parse(response.body()));
            })
        .exceptionally(error -> byPaymentId.get(paymentId));
  }

  private Tracked update(String paymentId, JsonNode view) {
    String status = view.path("status").asString(null);
    List<String> reasons = new ArrayList<>();
    view.path("reasonCodes").forEach(r -> reasons.add(r.asString()));
    Instant updatedAt = parseInstant(view.path("updatedAt").asString(null));
    return byPaymentId.compute(
        paymentId,
        (id, old) -> {
          boolean held =
              old.held() || "PENDING_VERIFICATION".equals(status) || "EXPIRED".equals(status);
          Tracked next =
              new Tracked(
                  old.outcome(),
                  status == null ? old.status() : status,
                  held,
                  old.decidedAt(),
                  reasons.isEmpty() ? old.reasonCodes() : List.copyOf(reasons));
          if (!old.isFinal() && next.isFinal()) {
            Instant decided = updatedAt != null ? updatedAt : Instant.now();
            stats.recordDecision(
                Math.max(0, Duration.between(old.outcome().acceptedAt(), decided).toMillis()));
            next = new Tracked(next.outcome(), next.status(), held, decided, next.reasonCodes());
          }
          return next;
        });
  }

  private static Instant parseInstant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Starts the background poller. */
  public void start() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    thread = Thread.ofPlatform().daemon().name("status-tracker").start(this::loop);
  }

  /** Stops the poller. */
  public void stop() {
    running.set(false);
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Waits until every tracked payment is final or the timeout passes. */
  public void awaitSettled(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (pending() > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
  }

  private void loop() {
    Semaphore permits = new Semaphore(concurrency);
    int idle = 0;
    while (running.get()) {
      String id = queue.poll();
      if (id == null) {
        sleep(100);
        continue;
      }
      Tracked t = byPaymentId.get(id);
      if (t == null || t.isFinal()) {
        continue;
      }
      Instant due = nextPoll.getOrDefault(id, Instant.EPOCH);
      if (Instant.now().isBefore(due)) {
        queue.add(id);
        if (++idle >= queue.size()) {
          idle = 0;
          sleep(50);
        }
        continue;
      }
      idle = 0;
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        return;
      }
      nextPoll.put(id, Instant.now().plus(backoff(polls.merge(id, 1, Integer::sum))));
      refresh(id)
          .whenComplete(
              (r, e) -> {
                permits.release();
                if (r == null || !r.isFinal()) {
                  queue.add(id);
                }
              });
    }
  }

  /**
   * The wait before the next read of a payment read {@code reads} times: the poll interval doubled
   * per read, at most {@link #MAX_POLL_INTERVAL}, so payments that stay pending for long (held for
   * an SMS answer, or a fleet that is behind) cost few reads instead of one a second each.
   */
  Duration backoff(int reads) {
    Duration next = pollInterval.multipliedBy(1L << Math.min(reads - 1, 10));
    return next.compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : next;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
