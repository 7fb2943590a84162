package io.paystream.gateway.security;

import io.paystream.gateway.problem.Problems;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Route scopes: a route's metadata {@code scopes} (comma-separated) lists the scopes of which the
 * token must carry at least one; otherwise 403 problem before anything reaches the downstream. Also
 * keeps the caller's {@link Jwt} in the exchange attribute {@link #JWT_ATTRIBUTE} for the rate
 * limiter and the activity log.
 */
@Component
public class RouteScopeFilter implements GlobalFilter, Ordered {

  /** Exchange attribute holding the authenticated caller's {@link Jwt}. */
  public static final String JWT_ATTRIBUTE = "paystream.jwt";

  /**
   * Runs first among the gateway filters, before the rate limit and the body limit, which all
   * decide before Spring Cloud Gateway's {@code AdaptCachedBodyGlobalFilter} ({@code
   * HIGHEST_PRECEDENCE + 1000}) reads the request body into memory.
   */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 800;

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    List<String> required = route == null ? List.of() : requiredScopes(route);
    return exchange
        .getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(p -> ((JwtAuthenticationToken) p).getToken())
        .map(
            jwt -> {
              exchange.getAttributes().put(JWT_ATTRIBUTE, jwt);
              return jwt;
            })
        .map(jwt -> grants(jwt, required))
        .defaultIfEmpty(required.isEmpty())
        .flatMap(
            allowed ->
                allowed
                    ? chain.filter(exchange)
                    : Problems.write(
                        exchange.getResponse(),
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Forbidden",
                        "this operation needs one of the scopes " + required));
  }

  static List<String> requiredScopes(Route route) {
    Object value = route.getMetadata().get("scopes");
    if (value == null) {
      return List.of();
    }
    if (value instanceof Collection<?> c) {
      return c.stream().map(Object::toString).map(String::strip).toList();
    }
    if (value instanceof java.util.Map<?, ?> m) {
      return m.values().stream().map(Object::toString).map(String::strip).toList();
    }
    return Arrays.stream(value.toString().split(",")).map(String::strip).toList();
  }

  static boolean grants(Jwt jwt, List<String> required) {
    if (required.isEmpty()) {
      return true;
    }
    return required.stream().anyMatch(scopesOf(jwt)::contains);
  }

  /** The granted scopes: {@code scope} (space-separated string or array) or {@code scp}. */
  static Set<String> scopesOf(Jwt jwt) {
    Object scope = jwt.getClaims().getOrDefault("scope", jwt.getClaims().get("scp"));
    if (scope instanceof Collection<?> c) {
      return c.stream().map(Object::toString).collect(java.util.stream.Collectors.toSet());
    }
    return scope == null ? Set.of() : Set.of(scope.toString().split(" "));
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
