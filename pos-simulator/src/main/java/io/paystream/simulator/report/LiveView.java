package io.paystream.simulator.report;

import io.paystream.simulator.replay.ReplayStats;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The live terminal line: progress bar, rate, ETA, accepted / rejected / in flight / decided /
 * pending, and the cardholder's answers. Redraws in place on a terminal ({@code \r}); writes a
 * plain line every {@value #PLAIN_EVERY_SECONDS} s when output is redirected.
 */
public final class LiveView {

  static final int PLAIN_EVERY_SECONDS = 5;

  private final ReplayStats stats;
  private final LongSupplier pending;
  private final Supplier<String> extra;
  private final PrintStream out;
  private final boolean terminal;
  private Thread thread;
  private volatile boolean running;

  public LiveView(
      ReplayStats stats,
      LongSupplier pending,
      Supplier<String> extra,
      PrintStream out,
      boolean terminal) {
    this.stats = stats;
    this.pending = pending;
    this.extra = extra;
    this.out = out;
    this.terminal = terminal;
  }

  /** One rendering of the status line (no line end). */
  public String line() {
    long total = Math.max(1, stats.total.get());
    long done = stats.accepted.get() + stats.rejected.get();
    double elapsed = Math.max(0.001, stats.elapsedSeconds());
    double rate = done / elapsed;
    long eta = rate > 0 ? (long) ((total - done) / rate) : -1;
    int width = 24;
    int filled = (int) (width * Math.min(1.0, (double) done / total));
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d%% %d/%d %.0f/s ETA %s | accepted %d rejected %d in-flight %d | decided %d pending %d%s",
        "#".repeat(filled),
        ".".repeat(width - filled),
        (int) (100.0 * done / total),
        done,
        total,
        rate,
        eta < 0 ? "--" : eta + "s",
        stats.accepted.get(),
        stats.rejected.get(),
        stats.inFlight.get(),
        stats.decided.get(),
        pending.getAsLong(),
        extra.get());
  }

  public void start() {
    running = true;
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("live-view")
            .start(
                () -> {
                  long ticks = 0;
                  while (running) {
                    if (terminal) {
                      out.print("\r" + line() + "\u001b[K");
                      out.flush();
                    } else if (ticks % (PLAIN_EVERY_SECONDS * 2) == 0) {
                      out.println(line());
                    }
                    ticks++;
                    try {
                      Thread.sleep(500);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  public void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
    out.println((terminal ? "\r" : "") + line());
  }
}
