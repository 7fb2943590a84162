package io.paystream.simulator.replay;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One POS terminal OAuth 2 client per merchant site, registered through auth-server's admin API
 * ({@code POST /admin/clients}, scope {@code admin}) with scopes {@code payments:write
 * payments:read} and the {@code merchant_id} claim. Client ids are {@code pos-<merchantId>};
 * secrets are derived (HMAC-SHA-256 of the client id under a seed), so a re-run finds the same
 * clients (a 409 on registration counts as already registered). Only merchants that appear in the
 * replayed slice are registered.
 */
public final class Terminals {

  /** Admin client credentials used for the admin API and the registry. */
  public record AdminCredentials(String clientId, String clientSecret) {}

  /** A registered terminal. */
  public record Terminal(String clientId, String secret, String merchantId, String terminalId) {}

  /** Outcome of registering terminals. */
  public record Registration(long registered, long existing, Map<String, Long> failures) {}

  static final String TERMINAL_SCOPES = "payments:write payments:read";

  static final int REGISTRATION_ATTEMPTS = 3;

  private final HttpJson http;
  private final Endpoints endpoints;
  private final TokenClient tokens;
  private final AdminCredentials admin;
  private final byte[] secretSeed;
  private final String tier;
  private final Map<String, Terminal> byMerchant = new ConcurrentHashMap<>();

  public Terminals(
      HttpJson http,
      Endpoints endpoints,
      TokenClient tokens,
      AdminCredentials admin,
      String secretSeed,
      String tier) {
    this.http = http;
    this.endpoints = endpoints;
    this.tokens = tokens;
    this.admin = admin;
    this.secretSeed = secretSeed.getBytes(StandardCharsets.UTF_8);
    this.tier = tier;
  }

  /** The terminal of a merchant site (deterministic id and secret). */
  public Terminal of(String merchantId) {
    return byMerchant.computeIfAbsent(
        merchantId,
        m -> {
          String clientId = "pos-" + m;
          return new Terminal(clientId, secret(clientId), m, "T-" + m);
        });
  }

  /** An admin access token (scope {@code admin}). */
  public CompletableFuture<String> adminToken() {
    return tokens.token(admin.clientId(), admin.clientSecret(), "admin");
  }

  /** A terminal's access token. */
  public CompletableFuture<String> token(Terminal terminal) {
    return tokens.token(terminal.clientId(), terminal.secret(), TERMINAL_SCOPES);
  }

  /** Forgets a terminal's token after a 401. */
  public void invalidate(Terminal terminal) {
    tokens.invalidate(terminal.clientId());
  }

  /** Registers the terminals of the given merchants, at most {@code concurrency} at a time. */
  public Registration registerAll(Collection<String> merchantIds, int concurrency) {
    String adminToken = adminToken().join();
    Semaphore permits = new Semaphore(concurrency);
    AtomicLong registered = new AtomicLong();
    AtomicLong existing = new AtomicLong();
    Map<String, Long> failures = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (String merchantId : merchantIds) {
      Terminal t = of(merchantId);
      permits.acquireUninterruptibly();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("clientId", t.clientId());
      body.put("clientSecret", t.secret());
      body.put("scopes", List.of("payments:write", "payments:read"));
      body.put("merchantId", merchantId);
      body.put("tier", tier);
      HttpRequest request =
          http.request(endpoints.auth("/admin/clients"))
              .header("Authorization", "Bearer " + adminToken)
              .header("Content-Type", "application/json")
              .POST(HttpJson.json(body))
              .build();
      all.add(
          register(request, 1)
              .handle(
                  (response, error) -> {
                    permits.release();
                    if (error != null) {
                      failures.merge(
                          TokenClient.classify(error).cause().replaceFirst("^token-", ""),
                          1L,
                          Long::sum);
                    } else if (response.statusCode() == 201 || response.statusCode() == 200) {
                      registered.incrementAndGet();
                    } else if (response.statusCode() == 409) {
                      existing.incrementAndGet();
                    } else {
                      failures.merge(HttpJson.problemType(response), 1L, Long::sum);
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return new Registration(registered.get(), existing.get(), Map.copyOf(failures));
  }

  /**
   * Mints each terminal's first token before the replay, at most {@code concurrency} at a time, so
   * no payment waits for (or loses) its terminal's first token. Tokens stay cached until shortly
   * before they expire; later ones are fetched on demand.
   *
   * @return terminals whose token could not be had, by cause ({@code token-timeout}, ...); empty
   *     when every terminal has its token
   */
  public Map<String, Long> mintAll(Collection<String> merchantIds, int concurrency) {
    Semaphore permits = new Semaphore(concurrency);
    Map<String, Long> failures = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (String merchantId : merchantIds) {
      permits.acquireUninterruptibly();
      all.add(
          token(of(merchantId))
              .handle(
                  (token, error) -> {
                    permits.release();
                    if (error != null) {
                      failures.merge(PaymentClient.failureType(error), 1L, Long::sum);
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return Map.copyOf(failures);
  }

  /** Token attempts that failed so far, by cause (retried ones included). */
  public Map<String, Long> tokenFailures() {
    return tokens.failures();
  }

  /** One registration, retried after a timeout, a connection error or 5xx (3 attempts). */
  private CompletableFuture<HttpResponse<String>> register(HttpRequest request, int attempt) {
    return http.send(request)
        .handle(
            (response, error) -> {
              boolean retry =
                  attempt < REGISTRATION_ATTEMPTS
                      && (error != null
                          ? TokenClient.classify(error).retryable()
                          : response.statusCode() >= 500);
              if (retry) {
                return CompletableFuture.supplyAsync(
                        () -> null,
                        CompletableFuture.delayedExecutor(
                            200L << attempt, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> register(request, attempt + 1));
              }
              return error != null
                  ? CompletableFuture.<HttpResponse<String>>failedFuture(error)
                  : CompletableFuture.completedFuture(response);
            })
        .thenCompose(f -> f);
  }

  private String secret(String clientId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secretSeed, "HmacSHA256"));
      return "sim-"
          + HexFormat.of().formatHex(mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
