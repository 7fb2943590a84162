package io.paystream.gateway.limit;

import io.paystream.gateway.problem.Problems;
import io.paystream.gateway.ratelimit.RateLimitFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Request body size limit ({@code paystream.gateway.max-request-body}, default 1 MB): a declared
 * {@code Content-Length} above it is answered 413 {@code .../payload-too-large} before anything is
 * forwarded; a chunked body is counted while it streams and cut at the limit.
 */
@Component
public class RequestBodyLimitFilter implements GlobalFilter, Ordered {

  private final long maxBytes;

  public RequestBodyLimitFilter(
      @Value("${paystream.gateway.max-request-body:1MB}") DataSize maxRequestBody) {
    this.maxBytes = maxRequestBody.toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > maxBytes) {
      return tooLarge(exchange);
    }
    if (declared >= 0) {
      return chain.filter(exchange);
    }
    ServerHttpRequest counting =
        new ServerHttpRequestDecorator(exchange.getRequest()) {
          @Override
          public Flux<DataBuffer> getBody() {
            long[] seen = {0};
            return super.getBody()
                .doOnNext(
                    buffer -> {
                      seen[0] += buffer.readableByteCount();
                      if (seen[0] > maxBytes) {
                        throw new ResponseStatusException(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "request body over " + maxBytes + " bytes");
                      }
                    });
          }
        };
    return chain.filter(exchange.mutate().request(counting).build());
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
    return RateLimitFilter.ORDER + 10;
  }
}
