package io.paystream.simulator.replay;

import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Transaction;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Sends one payment ({@code POST /v1/payments} through the gateway) with its terminal's token and
 * an {@code Idempotency-Key}, retrying with the <em>same</em> key:
 *
 * <ul>
 *   <li>after a timeout or connection error (exponential backoff from 200 ms, at most {@code
 *       maxAttempts} attempts);
 *   <li>after {@code 429} or {@code 503}, once the {@code Retry-After} delay has passed (1 s when
 *       absent, capped at 30 s; these do not count against {@code maxAttempts} up to 50 waits);
 *   <li>after {@code 409} (the same key still in flight) after its {@code Retry-After}, else 250 ms
 *       doubling to 4 s; counted with the 429/503 waits;
 *   <li>after {@code 401} once, with a fresh token.
 * </ul>
 *
 * Any other status is a rejection, classified by its problem {@code type}. A token that cannot be
 * had (after {@link TokenClient}'s own retries) is a rejection named by its cause ({@code
 * token-timeout}, {@code token-http-401}, ...).
 */
public final class PaymentClient {

  /** Event time as RFC 3339 with seconds and the place's offset. */
  static final DateTimeFormatter OCCURRED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  static final int MAX_THROTTLED_WAITS = 50;

  private final HttpJson http;
  private final Endpoints endpoints;
  private final Terminals terminals;
  private final ReplayStats stats;
  private final int maxAttempts;
  private final Duration preferWait;

  /**
   * @param maxAttempts attempts per payment for timeouts and connection errors (≥ 1)
   * @param preferWait when positive, sends {@code Prefer: wait=N} (seconds, ≤ 10)
   */
  public PaymentClient(
      HttpJson http,
      Endpoints endpoints,
      Terminals terminals,
      ReplayStats stats,
      int maxAttempts,
      Duration preferWait) {
    this.http = http;
    this.endpoints = endpoints;
    this.terminals = terminals;
    this.stats = stats;
    this.maxAttempts = maxAttempts;
    this.preferWait = preferWait;
  }

  /** The request body of {@code docs/api.md} for a transaction paid with a card's PAN. */
  public static Map<String, Object> body(Transaction t, Card card, String terminalId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("card", Map.of("pan", card.pan()));
    body.put("amount", t.amount().decimal());
    body.put("currency", t.amount().currency().getCurrencyCode());
    body.put("merchantId", t.merchantId());
    body.put("terminalId", terminalId);
    body.put("channel", t.channel().name());
    body.put("occurredAt", OCCURRED_AT.format(t.occurredAt()));
    if (t.location() != null && t.channel().cardPresent()) {
      body.put(
          "location",
          Map.of(
              "lat", t.location().lat(),
              "lon", t.location().lon(),
              "accuracyKm", t.location().accuracyKm()));
    }
    return body;
  }

  private record Attempt(int number, int throttled, boolean reauthorized) {}

  /** Sends the payment; the future never fails: errors become rejected outcomes. */
  public CompletableFuture<PaymentOutcome> send(Transaction t, Card card, String idempotencyKey) {
    Terminals.Terminal terminal = terminals.of(t.merchantId());
    String body = HttpJson.JSON.writeValueAsString(body(t, card, terminal.terminalId()));
    return attempt(t, terminal, body, idempotencyKey, new Attempt(1, 0, false));
  }

  private CompletableFuture<PaymentOutcome> attempt(
      Transaction t, Terminals.Terminal terminal, String body, String key, Attempt a) {
    return terminals
        .token(terminal)
        .thenCompose(
            token -> {
              HttpRequest.Builder request =
                  http.request(endpoints.gateway("/v1/payments"))
                      .header("Authorization", "Bearer " + token)
                      .header("Idempotency-Key", key)
                      .header("Content-Type", "application/json")
                      .header("Accept", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body));
              if (preferWait.isPositive()) {
                request.header("Prefer", "wait=" + preferWait.toSeconds());
              }
              long start = System.nanoTime();
              return http.send(request.build())
                  .handle(
                      (response, error) ->
                          onResponse(t, terminal, body, key, a, start, response, error))
                  .thenCompose(f -> f);
            })
        .exceptionally(error -> rejected(t, key, terminal, 0, failureType(error), a.number()));
  }

  /**
   * The rejection type of an exception in the send chain: the token's cause ({@code token-timeout},
   * {@code token-http-401}, ... see {@link TokenClient}) or {@code client-error-<exception>} for
   * anything else, so no failure hides behind another's name.
   */
  static String failureType(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TokenClient.TokenUnavailableException token) {
      return token.cause();
    }
    return "client-error-" + cause.getClass().getSimpleName();
  }

  private CompletableFuture<PaymentOutcome> onResponse(
      Transaction t,
      Terminals.Terminal terminal,
      String body,
      String key,
      Attempt a,
      long start,
      HttpResponse<String> response,
      Throwable error) {
    if (error != null) {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      boolean retryable = cause instanceof HttpTimeoutException || cause instanceof IOException;
      String type = cause instanceof HttpTimeoutException ? "timeout" : "connection-error";
      if (retryable && a.number() < maxAttempts) {
        stats.retries.incrementAndGet();
        long backoff = 200L << Math.min(6, a.number() - 1);
        return later(
            Duration.ofMillis(backoff),
            () ->
                attempt(
                    t,
                    terminal,
                    body,
                    key,
                    new Attempt(a.number() + 1, a.throttled(), a.reauthorized())));
      }
      return CompletableFuture.completedFuture(rejected(t, key, terminal, 0, type, a.number()));
    }
    int status = response.statusCode();
    if (status == 200 || status == 201 || status == 202) {
      long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      JsonNode json = HttpJson.parse(response.body());
      boolean replayed =
          response
              .headers()
              .firstValue("Idempotent-Replayed")
              .map("true"::equalsIgnoreCase)
              .orElse(false);
      if (replayed) {
        stats.replayed.incrementAndGet();
      }
      stats.recordAccepted(latencyMs);
      return CompletableFuture.completedFuture(
          new PaymentOutcome(
              t,
              key,
              terminal.clientId(),
              json.path("paymentId").asString(null),
              json.path("status").asString("RECEIVED"),
              status,
              null,
              a.number(),
              Instant.now(),
              replayed));
    }
    if ((status == 429 || status == 503) && a.throttled() < MAX_THROTTLED_WAITS) {
      stats.throttled.incrementAndGet();
      Duration wait = RetryAfter.of(response, Duration.ofSeconds(1), Duration.ofSeconds(30));
      return later(
          wait,
          () ->
              attempt(
                  t,
                  terminal,
                  body,
                  key,
                  new Attempt(a.number() + 1, a.throttled() + 1, a.reauthorized())));
    }
    if (status == 409 && a.throttled() < MAX_THROTTLED_WAITS) {
      // The first request with this key is still in flight (e.g. our timed-out attempt is still
      // being processed): wait for it, backing off from 250 ms to 4 s, never giving up early.
      stats.retries.incrementAndGet();
      Duration backoff = Duration.ofMillis(Math.min(4_000L, 250L << Math.min(4, a.throttled())));
      return later(
          RetryAfter.of(response, backoff, Duration.ofSeconds(30)),
          () ->
              attempt(
                  t,
                  terminal,
                  body,
                  key,
                  new Attempt(a.number() + 1, a.throttled() + 1, a.reauthorized())));
    }
    if (status == 401 && !a.reauthorized()) {
      terminals.invalidate(terminal);
      return attempt(t, terminal, body, key, new Attempt(a.number() + 1, a.throttled(), true));
    }
    return CompletableFuture.completedFuture(
        rejected(t, key, terminal, status, HttpJson.problemType(response), a.number()));
  }

  private PaymentOutcome rejected(
      Transaction t,
      String key,
      Terminals.Terminal terminal,
      int status,
      String type,
      int attempts) {
    stats.recordRejected(type);
    return new PaymentOutcome(
        t, key, terminal.clientId(), null, null, status, type, attempts, null, false);
  }

  private static CompletableFuture<PaymentOutcome> later(
      Duration delay, java.util.function.Supplier<CompletableFuture<PaymentOutcome>> next) {
    return CompletableFuture.supplyAsync(
            () -> null, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> next.get());
  }
}
