package io.paystream.simulator.chaos;

import io.paystream.simulator.bench.BenchTraffic;
import io.paystream.simulator.bench.OpenLoopDriver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady open-loop load for as long as a chaos scenario runs: every second a new slice of {@code
 * rate} payments ({@link BenchTraffic}) is handed to the {@link OpenLoopDriver} on its own virtual
 * thread, so a slice whose answers are slow (a fault) never delays the next one. Each request is
 * retried with its own {@code Idempotency-Key} as {@code retry} says. {@link #stop()} stops sending
 * and waits until every slice is answered or given up.
 */
final class LoadStream {

  /** One second of load and what came of it. */
  record Slice(long startMillis, OpenLoopDriver.Result result) {}

  private final OpenLoopDriver driver;
  private final BenchTraffic traffic;
  private final double rate;
  private final OpenLoopDriver.Retry retry;
  private final List<CompletableFuture<Slice>> slices = new CopyOnWriteArrayList<>();
  private volatile boolean running;
  private Thread pacer;

  LoadStream(OpenLoopDriver driver, BenchTraffic traffic, double rate, OpenLoopDriver.Retry retry) {
    this.driver = driver;
    this.traffic = traffic;
    this.rate = rate;
    this.retry = retry;
  }

  /** Starts sending. */
  void start() {
    running = true;
    pacer =
        Thread.ofPlatform()
            .daemon()
            .name("chaos-load")
            .start(
                () -> {
                  long next = System.nanoTime();
                  double carry = 0;
                  while (running) {
                    carry += rate;
                    int count = (int) carry;
                    carry -= count;
                    long startMillis = System.currentTimeMillis();
                    if (count > 0) {
                      List<BenchTraffic.Prepared> batch = traffic.next(count, Instant.now(), rate);
                      CompletableFuture<Slice> f = new CompletableFuture<>();
                      slices.add(f);
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                try {
                                  f.complete(
                                      new Slice(startMillis, driver.drive(batch, rate, retry)));
                                } catch (RuntimeException e) {
                                  f.completeExceptionally(e);
                                }
                              });
                    }
                    next += 1_000_000_000L;
                    long wait;
                    while (running && (wait = next - System.nanoTime()) > 0) {
                      LockSupport.parkNanos(wait);
                    }
                  }
                });
  }

  /** Stops sending and returns every slice once all are answered or given up. */
  List<Slice> stop() throws InterruptedException {
    running = false;
    if (pacer != null) {
      pacer.join();
    }
    List<Slice> done = new ArrayList<>();
    for (CompletableFuture<Slice> f : slices) {
      done.add(f.join());
    }
    return done;
  }

  /** Payments sent (first attempts) over the slices. */
  static long sent(List<Slice> slices) {
    return slices.stream().mapToLong(s -> s.result().sent()).sum();
  }

  /** The accepted payments of all slices. */
  static List<OpenLoopDriver.Accepted> accepted(List<Slice> slices) {
    List<OpenLoopDriver.Accepted> all = new ArrayList<>();
    slices.forEach(s -> all.addAll(s.result().accepted()));
    return all;
  }

  /** Failed attempts by type over the slices (what the clients saw). */
  static Map<String, Long> errors(List<Slice> slices) {
    Map<String, Long> all = new HashMap<>();
    slices.forEach(s -> s.result().errors().forEach((k, v) -> all.merge(k, v, Long::sum)));
    return all;
  }

  /** Requests given up after their last attempt, by the last failure's type. */
  static Map<String, Long> gaveUp(List<Slice> slices) {
    Map<String, Long> all = new HashMap<>();
    slices.forEach(s -> s.result().gaveUp().forEach((k, v) -> all.merge(k, v, Long::sum)));
    return all;
  }
}
