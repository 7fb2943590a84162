package io.paystream.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Sends GETs at a fixed rate for a while, round-robin over target URLs, and collects answers. */
final class LoadRun {

  /** One answer: status, the rate-limit source header, and how long it took. */
  record Answer(int status, String source, long latencyMs, HttpResponse<String> response) {}

  final List<Answer> answers = new ArrayList<>();
  long firstSendNanos;
  long lastSendNanos;

  static LoadRun run(
      HttpClient http,
      IntFunction<String> urlOfRequest,
      String bearer,
      int perSecond,
      Duration length)
      throws Exception {
    LoadRun run = new LoadRun();
    long period = 1_000_000_000L / perSecond;
    int total = (int) (length.toNanos() / period);
    List<CompletableFuture<Answer>> futures = new ArrayList<>(total);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      long sent = System.nanoTime();
      if (i == 0) {
        run.firstSendNanos = sent;
      }
      run.lastSendNanos = sent;
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(urlOfRequest.apply(i)))
              .header("Authorization", "Bearer " + bearer)
              .timeout(Duration.ofSeconds(60))
              .build();
      futures.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenApply(
                  r ->
                      new Answer(
                          r.statusCode(),
                          r.headers().firstValue("X-RateLimit-Source").orElse(""),
                          (System.nanoTime() - sent) / 1_000_000,
                          r)));
    }
    for (CompletableFuture<Answer> f : futures) {
      run.answers.add(f.get(90, TimeUnit.SECONDS));
    }
    return run;
  }

  long count(int status) {
    return answers.stream().filter(a -> a.status() == status).count();
  }

  double seconds() {
    return (lastSendNanos - firstSendNanos) / 1e9;
  }
}
