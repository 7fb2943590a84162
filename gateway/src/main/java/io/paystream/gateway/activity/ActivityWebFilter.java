package io.paystream.gateway.activity;

import io.paystream.contracts.event.ActivityRecorded;
import io.paystream.gateway.security.RouteScopeFilter;
import io.paystream.gateway.tracking.RequestIdWebFilter;
import io.paystream.platform.logging.PanMasker;
import java.time.Clock;
import java.time.Instant;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Records every request (rejected ones included) once it completes: subject ({@code sub} or {@code
 * anonymous}), client, merchant, route, method, path, status and latency in ms, handed to {@link
 * ActivityPublisher} without waiting. The path is PAN-masked ({@link PanMasker}: a Luhn-valid run
 * of 12–19 digits keeps BIN and last four), so a card number a client put in a URL never reaches
 * the {@code user-activity} topic.
 */
public class ActivityWebFilter implements WebFilter, Ordered {

  private final ActivityPublisher publisher;
  private final Clock clock;

  public ActivityWebFilter(ActivityPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long start = System.nanoTime();
    Instant occurredAt = clock.instant();
    return chain.filter(exchange).doFinally(signal -> record(exchange, start, occurredAt));
  }

  private void record(ServerWebExchange exchange, long start, Instant occurredAt) {
    Jwt jwt = exchange.getAttribute(RouteScopeFilter.JWT_ATTRIBUTE);
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    String subject = jwt == null ? "anonymous" : jwt.getSubject();
    String clientId = null;
    if (jwt != null) {
      clientId = jwt.getClaimAsString("client_id");
      if (clientId == null) {
        clientId = jwt.getClaimAsString("azp");
      }
      if (clientId == null) {
        clientId = jwt.getSubject();
      }
    }
    publisher.record(
        new ActivityRecorded(
            exchange.getAttribute(RequestIdWebFilter.ATTRIBUTE),
            subject,
            clientId,
            jwt == null ? null : jwt.getClaimAsString("merchant_id"),
            route == null ? null : route.getId(),
            exchange.getRequest().getMethod().name(),
            PanMasker.mask(exchange.getRequest().getPath().value()),
            status == null ? 200 : status.value(),
            (System.nanoTime() - start) / 1_000_000,
            occurredAt));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 1;
  }
}
