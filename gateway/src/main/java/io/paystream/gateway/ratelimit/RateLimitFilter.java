package io.paystream.gateway.ratelimit;

import io.paystream.gateway.problem.Problems;
import io.paystream.gateway.security.RouteScopeFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Applies {@link TieredRateLimiter} to every request: an authenticated one draws from its client's
 * and merchant's buckets, one without a token (only public routes such as the SMS webhook let it
 * through) from the bucket of its client address ({@link ClientAddress}). Answers {@code
 * X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Source} on every limited
 * response; when denied, 429 {@code .../rate-limited} problem with {@code Retry-After} (whole
 * seconds, rounded up).
 */
public class RateLimitFilter implements GlobalFilter, Ordered {

  /** After the scope check, before the body limit and the downstream. */
  public static final int ORDER = RouteScopeFilter.ORDER + 10;

  private final TieredRateLimiter limiter;
  private final ClientAddress clientAddress;

  public RateLimitFilter(TieredRateLimiter limiter, ClientAddress clientAddress) {
    this.limiter = limiter;
    this.clientAddress = clientAddress;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Jwt jwt = exchange.getAttribute(RouteScopeFilter.JWT_ATTRIBUTE);
    String caller;
    Mono<RateLimitDecision> decided;
    if (jwt == null) {
      String address = clientAddress.of(exchange.getRequest());
      caller = "address " + address;
      decided = limiter.tryAcquireAnonymous(address);
    } else {
      caller = "client " + jwt.getSubject() + " or its merchant";
      decided = limiter.tryAcquire(jwt);
    }
    return decided.flatMap(
        decision -> {
          HttpHeaders headers = exchange.getResponse().getHeaders();
          headers.set("X-RateLimit-Limit", Long.toString(decision.limit()));
          headers.set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
          headers.set("X-RateLimit-Source", decision.source());
          if (decision.allowed()) {
            return chain.filter(exchange);
          }
          long retryAfterSeconds = Math.max(1, (decision.retryAfterMillis() + 999) / 1000);
          headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
          return Problems.write(
              exchange.getResponse(),
              HttpStatus.TOO_MANY_REQUESTS,
              "rate-limited",
              "Too many requests",
              "rate limit of " + caller + " exceeded; retry after " + retryAfterSeconds + " s");
        });
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
