package io.paystream.platform.problem;

import io.paystream.platform.kafka.EventPublishException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Turns exceptions raised in WebFlux handler methods into RFC 9457 problems (replacing Spring
 * Boot's {@code ProblemDetailsExceptionHandler}):
 *
 * <ul>
 *   <li>every framework problem gets a stable {@code type} ({@link ProblemTypes#slugFor}) instead
 *       of {@code about:blank};
 *   <li>malformed JSON → 400 {@code malformed-request} with a generic detail (the parser's message
 *       can quote the body, which may hold a PAN), plus the JSON path when known;
 *   <li>bean-validation failures ({@code @Valid} body or {@code @Validated} parameters) → 400
 *       {@code invalid-request} with {@code errors: [{field, reason}]}, rejected values never
 *       echoed;
 *   <li>{@link EventPublishException} → 503 {@code event-bus-unavailable} with {@code Retry-After}.
 * </ul>
 *
 * Exceptions that escape handler methods (unknown route, unexpected errors) are rendered by {@link
 * ProblemWebExceptionHandler}.
 */
@RestControllerAdvice
public class PaystreamProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(PaystreamProblemHandler.class);

  /** Seconds a client should wait before retrying after a 503 for Kafka. */
  static final String EVENT_BUS_RETRY_AFTER_SECONDS = "5";

  @ExceptionHandler(EventPublishException.class)
  Mono<ResponseEntity<Object>> handleEventPublishException(
      EventPublishException ex, ServerWebExchange exchange) {
    log.warn("event not published: {}", ex.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The request could not be recorded right now; retry with the same idempotency key.");
    problem.setType(ProblemTypes.of(ProblemTypes.EVENT_BUS_UNAVAILABLE));
    problem.setTitle("Event bus unavailable");
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, EVENT_BUS_RETRY_AFTER_SECONDS);
    return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleServerWebInputException(
      ServerWebInputException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    if (ex.getCause() instanceof DecodingException decoding) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              status, "The request body is not valid JSON or does not match the expected shape.");
      problem.setType(ProblemTypes.of(ProblemTypes.MALFORMED_REQUEST));
      problem.setTitle("Malformed request body");
      String path = jsonPath(decoding);
      if (path != null) {
        problem.setProperty("errors", List.of(new FieldError(path, "unreadable value")));
      }
      return handleExceptionInternal(ex, problem, headers, status, exchange);
    }
    return super.handleServerWebInputException(ex, headers, status, exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
      WebExchangeBindException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<FieldError> errors = new ArrayList<>();
    for (ObjectError error : ex.getAllErrors()) {
      String field =
          error instanceof org.springframework.validation.FieldError fe
              ? fe.getField()
              : error.getObjectName();
      errors.add(new FieldError(field, reason(error)));
    }
    return handleExceptionInternal(ex, invalid(status, errors), headers, status, exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    List<FieldError> errors = new ArrayList<>();
    ex.getParameterValidationResults()
        .forEach(
            result -> {
              String name = result.getMethodParameter().getParameterName();
              for (MessageSourceResolvable error : result.getResolvableErrors()) {
                String field =
                    error instanceof org.springframework.validation.FieldError fe
                        ? fe.getField()
                        : name;
                errors.add(new FieldError(field, reason(error)));
              }
            });
    HttpStatusCode effective = status.is5xxServerError() ? HttpStatus.BAD_REQUEST : status;
    return handleExceptionInternal(ex, invalid(effective, errors), headers, effective, exchange);
  }

  @Override
  protected Mono<ResponseEntity<Object>> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode status,
      ServerWebExchange exchange) {
    Object effective = body;
    if (effective == null && ex instanceof ErrorResponse errorResponse) {
      effective = errorResponse.getBody();
    }
    if (effective instanceof ProblemDetail problem) {
      ProblemResponses.normalize(problem, status);
    }
    return super.handleExceptionInternal(ex, effective, headers, status, exchange);
  }

  private static ProblemDetail invalid(HttpStatusCode status, List<FieldError> errors) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            status,
            errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.");
    problem.setType(ProblemTypes.of(ProblemTypes.INVALID_REQUEST));
    problem.setTitle("Invalid request");
    problem.setProperty("errors", errors);
    return problem;
  }

  private static String reason(MessageSourceResolvable error) {
    String message = error.getDefaultMessage();
    return message != null ? message : "is invalid";
  }

  /** The JSON path of a Jackson binding failure, e.g. {@code card.expiryMonth}, if any. */
  private static String jsonPath(Throwable decoding) {
    for (Throwable t = decoding; t != null; t = t.getCause()) {
      if (t instanceof tools.jackson.databind.DatabindException db && !db.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (tools.jackson.core.JacksonException.Reference ref : db.getPath()) {
          if (ref.getPropertyName() != null) {
            if (!path.isEmpty()) {
              path.append('.');
            }
            path.append(ref.getPropertyName());
          } else if (ref.getIndex() >= 0) {
            path.append('[').append(ref.getIndex()).append(']');
          }
        }
        return path.isEmpty() ? null : path.toString();
      }
    }
    return null;
  }
}
