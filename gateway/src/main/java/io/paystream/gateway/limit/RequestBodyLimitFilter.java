package io.paystream.gateway.limit;

import io.paystream.gateway.problem.Problems;
import io.paystream.gateway.ratelimit.RateLimitFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Request body size limit ({@code paystream.gateway.max-request-body}, default 1 MB), answered 413
 * {@code .../payload-too-large} problem before anything is forwarded:
 *
 * <ul>
 *   <li>a declared {@code Content-Length} above the limit is refused from the headers alone,
 *       without reading the body;
 *   <li>a body without {@code Content-Length} ({@code Transfer-Encoding: chunked}) is read into
 *       memory up to the limit first (Spring Cloud Gateway's cached request body, released by its
 *       {@code RemoveCachedBodyFilter} at the end of the exchange) and refused as soon as it passes
 *       the limit, so the downstream either gets the whole body or nothing at all.
 * </ul>
 *
 * <p>Runs after the scope check and the rate limit but before any other gateway filter: the circuit
 * breaker makes Spring Cloud Gateway cache every body of its routes ({@code
 * AdaptCachedBodyGlobalFilter}, order {@code HIGHEST_PRECEDENCE + 1000}) so a fallback could replay
 * it, and that cache has no size limit; this filter must decide before it reads anything.
 */
@Component
public class RequestBodyLimitFilter implements GlobalFilter, Ordered {

  /**
   * After {@link RateLimitFilter}, before Spring Cloud Gateway's {@code
   * AdaptCachedBodyGlobalFilter} caches the body.
   */
  public static final int ORDER = RateLimitFilter.ORDER + 10;

  private final long maxBytes;

  public RequestBodyLimitFilter(
      @Value("${paystream.gateway.max-request-body:1MB}") DataSize maxRequestBody) {
    this.maxBytes = maxRequestBody.toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    long declared = headers.getContentLength();
    if (declared > maxBytes) {
      return tooLarge(exchange);
    }
    if (declared >= 0 || !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
      // a declared length is enforced by the server's codec; no length and no transfer coding
      // is an HTTP/1.1 request without a body
      return chain.filter(exchange);
    }
    ServerWebExchange limited = exchange.mutate().request(limiting(exchange.getRequest())).build();
    return ServerWebExchangeUtils.cacheRequestBody(
            limited, cached -> chain.filter(exchange.mutate().request(cached).build()))
        .onErrorResume(BodyTooLarge.class, e -> tooLarge(exchange));
  }

  /** The request whose body fails with {@link BodyTooLarge} once it passes the limit. */
  private ServerHttpRequest limiting(ServerHttpRequest request) {
    return new ServerHttpRequestDecorator(request) {
      @Override
      public Flux<DataBuffer> getBody() {
        long[] seen = {0};
        return super.getBody()
            .handle(
                (buffer, sink) -> {
                  seen[0] += buffer.readableByteCount();
                  if (seen[0] > maxBytes) {
                    DataBufferUtils.release(buffer);
                    sink.error(new BodyTooLarge(maxBytes));
                  } else {
                    sink.next(buffer);
                  }
                });
      }
    };
  }

  private Mono<Void> tooLarge(ServerWebExchange exchange) {
    return Problems.write(
        exchange.getResponse(),
        HttpStatus.CONTENT_TOO_LARGE,
        "payload-too-large",
        "Payload too large",
        "the request body is larger than " + maxBytes + " bytes");
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  /** The streamed body passed the limit; nothing has been forwarded. */
  static final class BodyTooLarge extends DataBufferLimitException {
    BodyTooLarge(long maxBytes) {
      super("request body over " + maxBytes + " bytes");
    }
  }
}
