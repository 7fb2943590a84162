package io.paystream.platform.problem;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Last line of the WebFlux error path, ahead of Spring Boot's {@code ErrorWebExceptionHandler}
 * (order -1): whatever escapes handler methods and controller advice, an unknown route (404), a
 * method not allowed, a filter's {@code ResponseStatusException} or an unexpected exception,
 * becomes {@code application/problem+json}. An {@link ErrorResponse} keeps its status and problem
 * (with a paystream {@code type}); anything else is a 500 {@code internal-error} whose detail says
 * nothing about internals (the exception is logged, PAN-masked, with the trace id).
 */
public class ProblemWebExceptionHandler implements WebExceptionHandler, Ordered {

  /** Before Boot's {@code DefaultErrorWebExceptionHandler} (-1). */
  public static final int ORDER = -2;

  private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

  private final ServerResponse.Context context;

  public ProblemWebExceptionHandler(ServerCodecConfigurer codecs) {
    List<HttpMessageWriter<?>> writers = codecs.getWriters();
    this.context =
        new ServerResponse.Context() {
          @Override
          public List<HttpMessageWriter<?>> messageWriters() {
            return writers;
          }

          @Override
          public List<ViewResolver> viewResolvers() {
            return List.of();
          }
        };
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(ex);
    }
    ProblemDetail problem;
    HttpStatusCode status;
    HttpHeaders headers = new HttpHeaders();
    if (ex instanceof ErrorResponse errorResponse) {
      status = errorResponse.getStatusCode();
      problem = errorResponse.getBody();
      headers.addAll(errorResponse.getHeaders());
      if (status.is5xxServerError()) {
        log.error("{} {} failed", exchange.getRequest().getMethod(), path(exchange), ex);
      }
    } else {
      status = org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR;
      problem = ProblemResponses.internalError();
      log.error("{} {} failed", exchange.getRequest().getMethod(), path(exchange), ex);
    }
    ProblemResponses.normalize(problem, status);
    if (problem.getInstance() == null) {
      problem.setInstance(exchange.getRequest().getURI().resolve(path(exchange)));
    }
    return ServerResponse.status(status)
        .headers(h -> h.addAll(headers))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(problem)
        .flatMap(response -> response.writeTo(exchange, context));
  }

  private static String path(ServerWebExchange exchange) {
    return exchange.getRequest().getPath().value();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
