package io.paystream.auth.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate-limits {@code POST /oauth2/token} before the client is authenticated (resilience4j {@link
 * RateLimiter}s, no waiting): one limiter per client id, and one for every request together. A
 * refused request is a {@code 429} RFC 9457 problem {@code .../rate-limited} with {@code
 * Retry-After: 1}; the secret is never checked for it.
 *
 * <p>Why the client id is the key: the token endpoint is reached without a token, so the only
 * identity a request carries is the client id it claims ({@code client_secret_basic}'s user, or
 * {@code client_id} of {@code client_secret_post}). Secret guessing and a misbehaving terminal both
 * concentrate on one client id, and a client never needs more than one token per token lifetime, so
 * a per-id limit far above that costs legitimate clients nothing. The client address is not used:
 * behind the ingress every request comes from the ingress controller. The global limiter bounds the
 * work of many ids at once (random ids are one cheap lookup each). Known limit: a caller that knows
 * a client id can keep that client's limiter empty; the client's current token stays valid, and the
 * refusals show in {@code paystream.auth.token.rate-limited}.
 */
public class TokenRateLimitFilter extends OncePerRequestFilter {

  static final String PROBLEM =
      "{\"type\":\"https://paystream.io/problems/rate-limited\",\"title\":\"Too many requests\","
          + "\"status\":429,\"detail\":\"too many token requests; retry after 1 s\"}";

  private final RateLimiterConfig perClient;
  private final RateLimiter global;
  private final Cache<String, RateLimiter> clients;
  private final Counter limitedClient;
  private final Counter limitedGlobal;

  public TokenRateLimitFilter(TokenRateLimitProperties properties, MeterRegistry meters) {
    this.perClient = perSecond(properties.perClientPerSecond());
    this.global = RateLimiter.of("token-endpoint", perSecond(properties.globalPerSecond()));
    this.clients = Caffeine.newBuilder().maximumSize(properties.maxClients()).build();
    this.limitedClient = limited(meters, "client");
    this.limitedGlobal = limited(meters, "global");
  }

  private static RateLimiterConfig perSecond(int n) {
    return RateLimiterConfig.custom()
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .limitForPeriod(n)
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  private static Counter limited(MeterRegistry meters, String limiter) {
    return Counter.builder("paystream.auth.token.rate-limited")
        .description("token requests refused by the token endpoint's rate limit")
        .tag("limiter", limiter)
        .register(meters);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !("POST".equals(request.getMethod()) && "/oauth2/token".equals(request.getRequestURI()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String clientId = clientId(request);
    RateLimiter client = clients.get(clientId, id -> RateLimiter.of("token:" + id, perClient));
    if (!client.acquirePermission()) {
      limitedClient.increment();
      refuse(response);
      return;
    }
    if (!global.acquirePermission()) {
      limitedGlobal.increment();
      refuse(response);
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * The client id the request claims: the user of {@code Authorization: Basic} (form-urlencoded,
   * RFC 6749 §2.3.1), else the {@code client_id} parameter, else {@code ?}.
   */
  static String clientId(HttpServletRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        return URLDecoder.decode(user, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformed) {
        return "?";
      }
    }
    String param = request.getParameter("client_id");
    return param == null || param.isBlank() ? "?" : param;
  }

  private static void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(429);
    response.setHeader(HttpHeaders.RETRY_AFTER, "1");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(PROBLEM.getBytes(StandardCharsets.UTF_8));
  }
}
