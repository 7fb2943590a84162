package io.paystream.gateway.tracking;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code X-Request-Id}: a caller's id is kept when it is 1–128 characters of {@code
 * [A-Za-z0-9._:-]}, otherwise a random UUID replaces it; sent downstream and answered on every
 * response (401s and 429s included). The id is in the exchange attribute {@link #ATTRIBUTE}. W3C
 * {@code traceparent} is forwarded unchanged with the other request headers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdWebFilter implements WebFilter {

  /** Header name. */
  public static final String HEADER = "X-Request-Id";

  /** Exchange attribute holding the request id. */
  public static final String ATTRIBUTE = "paystream.requestId";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
    String id =
        incoming != null && VALID.matcher(incoming).matches()
            ? incoming
            : UUID.randomUUID().toString();
    exchange.getAttributes().put(ATTRIBUTE, id);
    exchange.getResponse().getHeaders().set(HEADER, id);
    ServerHttpRequest request =
        exchange.getRequest().mutate().headers(h -> h.set(HEADER, id)).build();
    return chain.filter(exchange.mutate().request(request).build());
  }
}
