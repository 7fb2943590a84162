package io.paystream.simulator.bench;

import io.paystream.simulator.replay.Endpoints;
import io.paystream.simulator.replay.HttpJson;
import io.paystream.simulator.replay.Terminals;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load: request {@code i} of a step is due at {@code start + i / rate} whatever happened
 * to the earlier ones. One thread fires each request at its due time ({@link HttpClient#sendAsync},
 * no waiting for answers); when it falls behind it fires at once, and the latency still counts from
 * the <em>intended</em> time, so a stall of the system under test (or of the generator) shows in
 * the percentiles (no coordinated omission). The benchmark never retries ({@link Retry#NONE}); the
 * chaos run ({@code make chaos}) retries as a careful POS terminal does, always with the same
 * {@code Idempotency-Key} ({@link Retry}). At most {@code maxInFlight} requests are outstanding: a
 * request due while that many are open is not sent and counted as {@code not-sent-in-flight-cap}.
 */
public final class OpenLoopDriver {

  /** Error type of a request not sent because too many were in flight. */
  public static final String NOT_SENT = "not-sent-in-flight-cap";

  /**
   * A payment the gateway accepted.
   *
   * @param paymentId the {@code paymentId} of the 202 body
   * @param idempotencyKey its key
   * @param clientId the terminal client that sent it
   * @param acceptedAtMicros wall clock (µs since the epoch) when the answer arrived
   */
  public record Accepted(
      String paymentId,
      String idempotencyKey,
      String clientId,
      long acceptedAtMicros,
      int attempts) {

    public Accepted(
        String paymentId, String idempotencyKey, String clientId, long acceptedAtMicros) {
      this(paymentId, idempotencyKey, clientId, acceptedAtMicros, 1);
    }
  }

  /**
   * How a request that got no acceptance is sent again, always with its own {@code
   * Idempotency-Key}: after a timeout, a connection error, an unavailable token, a 5xx, a {@code
   * 429} or a {@code 409} (the same key still in flight), after {@code Retry-After} when the answer
   * has one (capped at {@code maxBackoff}), else after {@code firstBackoff} doubling to {@code
   * maxBackoff}; at most {@code maxAttempts} attempts in all. Other answers (4xx) are final.
   *
   * @param maxAttempts attempts per request, ≥ 1 (1 = never retried)
   * @param firstBackoff the first wait
   * @param maxBackoff the longest wait
   */
  public record Retry(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    /** Never retried: the benchmark's open loop. */
    public static final Retry NONE = new Retry(1, Duration.ZERO, Duration.ZERO);

    /** Whether an answer with this status (0 = none arrived) is worth another attempt. */
    static boolean retryable(int status) {
      return status == 0 || status == 401 || status == 409 || status == 429 || status >= 500;
    }

    /** The wait before attempt {@code attempt + 1}. */
    Duration backoff(int attempt, HttpResponse<?> response) {
      Duration exponential =
          Duration.ofMillis(
              Math.min(
                  maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(10, attempt - 1)));
      return response == null
          ? exponential
          : io.paystream.simulator.replay.RetryAfter.of(response, exponential, maxBackoff);
    }
  }

  /**
   * What one step's sending gave.
   *
   * @param sent requests sent (not counting those held back by the in-flight cap)
   * @param acceptLatencyMicros intended send time → 2xx answer, µs
   * @param accepted the accepted payments
   * @param errors failed attempts by problem {@code type} (RFC 9457), {@code http-<status>}, {@code
   *     timeout}, {@code connection-error} or {@link #NOT_SENT} (every attempt: what clients saw)
   * @param sendSeconds from the first due time to the last answer, s
   * @param maxLagBehindMs how late the firing thread was at worst, ms
   */
  public record Result(
      long sent,
      Histogram acceptLatencyMicros,
      List<Accepted> accepted,
      Map<String, Long> errors,
      double sendSeconds,
      double maxLagBehindMs,
      Map<String, Long> gaveUp) {}

  private final HttpClient client;
  private final Endpoints endpoints;
  private final Terminals terminals;
  private final Duration timeout;
  private final int maxInFlight;

  /**
   * @param timeout per request; a request without an answer by then is a {@code timeout}
   * @param maxInFlight bound on outstanding requests (and so on open connections)
   */
  public OpenLoopDriver(
      Endpoints endpoints, Terminals terminals, Duration timeout, int maxInFlight) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(2))
            .build();
    this.endpoints = endpoints;
    this.terminals = terminals;
    this.timeout = timeout;
    this.maxInFlight = maxInFlight;
  }

  /** Sends {@code requests} at {@code ratePerSec}, the first now; returns when all are answered. */
  public Result drive(List<BenchTraffic.Prepared> requests, double ratePerSec) {
    return drive(requests, ratePerSec, Retry.NONE);
  }

  /**
   * Sends {@code requests} at {@code ratePerSec}, the first now, retrying as {@code retry} says;
   * returns when every request is accepted or given up.
   */
  public Result drive(List<BenchTraffic.Prepared> requests, double ratePerSec, Retry retry) {
    URI uri = endpoints.gateway("/v1/payments");
    Histogram latency = new ConcurrentHistogram(TimeUnit.HOURS.toMicros(1), 3);
    ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    Map<String, Long> errors = new ConcurrentHashMap<>();
    Map<String, Long> gaveUp = new ConcurrentHashMap<>();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicLong sent = new AtomicLong();
    CompletableFuture<?>[] all = new CompletableFuture<?>[requests.size()];
    double intervalNanos = 1e9 / ratePerSec;
    long start = System.nanoTime();
    long maxBehind = 0;
    for (int i = 0; i < requests.size(); i++) {
      long due = start + (long) (i * intervalNanos);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      maxBehind = Math.max(maxBehind, -wait);
      BenchTraffic.Prepared p = requests.get(i);
      if (inFlight.get() >= maxInFlight) {
        errors.merge(NOT_SENT, 1L, Long::sum);
        all[i] = CompletableFuture.completedFuture(null);
        continue;
      }
      inFlight.incrementAndGet();
      sent.incrementAndGet();
      Terminals.Terminal terminal = terminals.of(p.merchantId());
      Attempt a = new Attempt(uri, p, terminal, due, retry, latency, accepted, errors, gaveUp);
      all[i] = a.send(1).whenComplete((v, e) -> inFlight.decrementAndGet());
    }
    CompletableFuture.allOf(all).join();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        sent.get(),
        latency,
        List.copyOf(accepted),
        Map.copyOf(errors),
        seconds,
        maxBehind / 1e6,
        Map.copyOf(gaveUp));
  }

  /** One request's attempts; its future completes once it is accepted or given up. */
  private final class Attempt {
    private final URI uri;
    private final BenchTraffic.Prepared p;
    private final Terminals.Terminal terminal;
    private final long due;
    private final Retry retry;
    private final Histogram latency;
    private final ConcurrentLinkedQueue<Accepted> accepted;
    private final Map<String, Long> errors;
    private final Map<String, Long> gaveUp;

    Attempt(
        URI uri,
        BenchTraffic.Prepared p,
        Terminals.Terminal terminal,
        long due,
        Retry retry,
        Histogram latency,
        ConcurrentLinkedQueue<Accepted> accepted,
        Map<String, Long> errors,
        Map<String, Long> gaveUp) {
      this.uri = uri;
      this.p = p;
      this.terminal = terminal;
      this.due = due;
      this.retry = retry;
      this.latency = latency;
      this.accepted = accepted;
      this.errors = errors;
      this.gaveUp = gaveUp;
    }

    CompletableFuture<Void> send(int attempt) {
      return terminals
          .token(terminal)
          .thenCompose(
              token ->
                  client.sendAsync(
                      HttpRequest.newBuilder(uri)
                          .timeout(timeout)
                          .header("Authorization", "Bearer " + token)
                          .header("Idempotency-Key", p.idempotencyKey())
                          .header("Content-Type", "application/json")
                          .header("Accept", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(p.body()))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .handle(
              (response, error) -> {
                long micros = (System.nanoTime() - due) / 1_000;
                if (error == null && response.statusCode() / 100 == 2) {
                  latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                  String id = HttpJson.parse(response.body()).path("paymentId").asString("");
                  accepted.add(
                      new Accepted(
                          id, p.idempotencyKey(), terminal.clientId(), nowMicros(), attempt));
                  return CompletableFuture.<Void>completedFuture(null);
                }
                String type = error != null ? errorType(error) : HttpJson.problemType(response);
                errors.merge(type, 1L, Long::sum);
                int status = error != null ? 0 : response.statusCode();
                if (attempt < retry.maxAttempts() && Retry.retryable(status)) {
                  if (status == 401) {
                    terminals.invalidate(terminal);
                  }
                  Duration wait = retry.backoff(attempt, error != null ? null : response);
                  return CompletableFuture.supplyAsync(
                          () -> null,
                          CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS))
                      .thenCompose(x -> send(attempt + 1));
                }
                gaveUp.merge(type, 1L, Long::sum);
                return CompletableFuture.<Void>completedFuture(null);
              })
          .thenCompose(f -> f);
    }
  }

  /** {@code timeout}, {@code connection-error}, or {@code token-unavailable}. */
  static String errorType(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HttpTimeoutException) {
      return "timeout";
    }
    if (cause instanceof IOException) {
      return "connection-error";
    }
    return cause instanceof IllegalStateException ? "token-unavailable" : "client-error";
  }

  /** Wall clock in µs since the epoch. */
  public static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }
}
