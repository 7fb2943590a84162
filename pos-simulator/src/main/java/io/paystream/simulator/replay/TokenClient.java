package io.paystream.simulator.replay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * OAuth 2 {@code client_credentials} tokens from auth-server ({@code POST /oauth2/token}, HTTP
 * Basic client authentication), cached per client until {@value #REFRESH_MARGIN_SECONDS} s before
 * {@code expires_in}; one request in flight per client.
 *
 * <p>A failed token request is retried within a budget ({@code budget}, the request timeout by
 * default): after a timeout, a connection error (e.g. a pooled keep-alive connection the server
 * closed: the JDK client never retries a {@code POST} itself), {@code 429} or {@code 5xx}, with
 * backoff from {@value #FIRST_BACKOFF_MS} ms doubling to {@value #MAX_BACKOFF_MS} ms ({@code
 * Retry-After} when given). {@code 400}/{@code 401}/{@code 403} are final. Every failed attempt is
 * counted by its cause ({@link #failures()}), and a token that stays unavailable fails with {@link
 * TokenUnavailableException} naming the last cause: {@code token-timeout}, {@code
 * token-connection-refused}, {@code token-connection-error}, {@code token-http-<status>}, {@code
 * token-malformed-response} or {@code token-error-<exception>}.
 */
public final class TokenClient {

  static final long REFRESH_MARGIN_SECONDS = 30;
  static final long FIRST_BACKOFF_MS = 100;
  static final long MAX_BACKOFF_MS = 2_000;

  /** A token that could not be had within the budget; {@link #cause()} says why. */
  public static final class TokenUnavailableException extends RuntimeException {
    private final String cause;

    TokenUnavailableException(String clientId, String cause, int attempts) {
      super("token for " + clientId + ": " + cause + " after " + attempts + " attempt(s)", null);
      this.cause = cause;
    }

    /** The failure type, e.g. {@code token-timeout} or {@code token-http-401}. */
    public String cause() {
      return cause;
    }
  }

  private record Cached(CompletableFuture<String> token, Instant[] expiresAt) {}

  record Failure(String cause, boolean retryable, Duration retryAfter) {}

  private final HttpJson http;
  private final Endpoints endpoints;
  private final Duration budget;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

  /** A client whose retry budget is the request timeout. */
  public TokenClient(HttpJson http, Endpoints endpoints) {
    this(http, endpoints, http.requestTimeout());
  }

  /**
   * @param budget how long one token may take, retries included (≥ one request timeout is useful)
   */
  public TokenClient(HttpJson http, Endpoints endpoints, Duration budget) {
    this.http = http;
    this.endpoints = endpoints;
    this.budget = budget;
  }

  /** A valid access token for the client with the given scopes (space separated). */
  public CompletableFuture<String> token(String clientId, String secret, String scope) {
    Cached cached =
        cache.compute(
            clientId,
            (id, current) -> {
              if (current != null
                  && !current.token().isCompletedExceptionally()
                  && (!current.token().isDone()
                      || Instant.now().isBefore(current.expiresAt()[0]))) {
                return current;
              }
              Instant[] expiresAt = {Instant.MAX};
              long deadline = System.nanoTime() + budget.toNanos();
              return new Cached(fetch(id, secret, scope, expiresAt, deadline, 1), expiresAt);
            });
    return cached.token();
  }

  /** Forgets a client's token (after a 401). */
  public void invalidate(String clientId) {
    cache.remove(clientId);
  }

  /** Failed token attempts so far by cause (retried ones included), e.g. {@code token-timeout}. */
  public Map<String, Long> failures() {
    Map<String, Long> m = new TreeMap<>();
    failures.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  private CompletableFuture<String> fetch(
      String clientId, String secret, String scope, Instant[] expiresAt, long deadline, int n) {
    long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    HttpRequest request =
        http.request(endpoints.auth("/oauth2/token"))
            .timeout(Duration.ofMillis(Math.max(1, Math.min(remainingMs, budget.toMillis()))))
            .header("Authorization", HttpJson.basic(clientId, secret))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    HttpJson.form(Map.of("grant_type", "client_credentials", "scope", scope))))
            .build();
    return http.send(request)
        .handle(
            (response, error) -> {
              Failure failure = error != null ? classify(error) : classify(response);
              if (failure == null) {
                JsonNode body = HttpJson.parse(response.body());
                long expiresIn = body.path("expires_in").asLong(300);
                expiresAt[0] =
                    Instant.now()
                        .plus(Duration.ofSeconds(Math.max(1, expiresIn - REFRESH_MARGIN_SECONDS)));
                return CompletableFuture.completedFuture(body.path("access_token").asString());
              }
              failures.computeIfAbsent(failure.cause(), k -> new AtomicLong()).incrementAndGet();
              long backoffMs =
                  failure.retryAfter() != null
                      ? failure.retryAfter().toMillis()
                      : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(10, n - 1));
              long leftAfterBackoffMs =
                  TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) - backoffMs;
              if (!failure.retryable() || leftAfterBackoffMs < FIRST_BACKOFF_MS) {
                return CompletableFuture.<String>failedFuture(
                    new TokenUnavailableException(clientId, failure.cause(), n));
              }
              return CompletableFuture.supplyAsync(
                      () -> null,
                      CompletableFuture.delayedExecutor(backoffMs, TimeUnit.MILLISECONDS))
                  .thenCompose(
                      ignored -> fetch(clientId, secret, scope, expiresAt, deadline, n + 1));
            })
        .thenCompose(f -> f);
  }

  /** {@code null} for a usable 200 answer, else the failure. */
  private static Failure classify(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status == 200) {
      JsonNode body = HttpJson.parse(response.body());
      return body.path("access_token").asString("").isEmpty()
          ? new Failure("token-malformed-response", true, null)
          : null;
    }
    boolean retryable = status == 429 || status >= 500;
    Duration retryAfter =
        status == 429 || status == 503
            ? RetryAfter.of(response, Duration.ofMillis(FIRST_BACKOFF_MS), Duration.ofSeconds(5))
            : null;
    return new Failure("token-http-" + status, retryable, retryAfter);
  }

  static Failure classify(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpTimeoutException) {
      return new Failure("token-timeout", true, null);
    }
    if (cause instanceof ConnectException) {
      return new Failure("token-connection-refused", true, null);
    }
    if (cause instanceof IOException) {
      return new Failure("token-connection-error", true, null);
    }
    return new Failure("token-error-" + cause.getClass().getSimpleName(), false, null);
  }
}
