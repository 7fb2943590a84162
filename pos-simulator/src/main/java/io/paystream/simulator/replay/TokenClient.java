package io.paystream.simulator.replay;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * OAuth 2 {@code client_credentials} tokens from auth-server ({@code POST /oauth2/token}, HTTP
 * Basic client authentication), cached per client until {@value #REFRESH_MARGIN_SECONDS} s before
 * {@code expires_in}; one request in flight per client.
 */
public final class TokenClient {

  static final long REFRESH_MARGIN_SECONDS = 30;

  private record Cached(CompletableFuture<String> token, Instant[] expiresAt) {}

  private final HttpJson http;
  private final Endpoints endpoints;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public TokenClient(HttpJson http, Endpoints endpoints) {
    this.http = http;
    this.endpoints = endpoints;
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
              return new Cached(fetch(id, secret, scope, expiresAt), expiresAt);
            });
    return cached.token();
  }

  /** Forgets a client's token (after a 401). */
  public void invalidate(String clientId) {
    cache.remove(clientId);
  }

  private CompletableFuture<String> fetch(
      String clientId, String secret, String scope, Instant[] expiresAt) {
    HttpRequest request =
        http.request(endpoints.auth("/oauth2/token"))
            .header("Authorization", HttpJson.basic(clientId, secret))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    HttpJson.form(Map.of("grant_type", "client_credentials", "scope", scope))))
            .build();
    return http.send(request)
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new CompletionException(
                    new IllegalStateException(
                        "token for "
                            + clientId
                            + ": HTTP "
                            + response.statusCode()
                            + " "
                            + HttpJson.problemType(response)));
              }
              JsonNode body = HttpJson.parse(response.body());
              long expiresIn = body.path("expires_in").asLong(300);
              expiresAt[0] =
                  Instant.now()
                      .plus(Duration.ofSeconds(Math.max(1, expiresIn - REFRESH_MARGIN_SECONDS)));
              return body.path("access_token").asString();
            });
  }
}
