package io.paystream.platform.security;

import io.paystream.platform.problem.ProblemTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of a WebFlux OAuth2 resource server when a request is not allowed, as RFC 9457
 * problems ({@code application/problem+json}) with the RFC 6750 §3 {@code WWW-Authenticate}
 * challenge:
 *
 * <ul>
 *   <li>401 {@code .../problems/unauthorized}, {@code Bearer} (no token) or {@code Bearer
 *       error="invalid_token"} (a token that failed validation);
 *   <li>403 {@code .../problems/forbidden}, {@code Bearer error="insufficient_scope"}.
 * </ul>
 *
 * <p>Use both on {@code oauth2ResourceServer(...)} and on {@code exceptionHandling(...)} of the
 * service's {@code SecurityWebFilterChain}. Details never echo the token or the failure's message.
 */
public final class BearerTokenProblems {

  /** Problem type slug of a 401. */
  public static final String UNAUTHORIZED = "unauthorized";

  /** Problem type slug of a 403. */
  public static final String FORBIDDEN = "forbidden";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private BearerTokenProblems() {}

  /** 401 problem; {@code error="invalid_token"} when a token was sent but failed validation. */
  public static ServerAuthenticationEntryPoint authenticationEntryPoint() {
    return (exchange, ex) ->
        write(
            exchange.getResponse(),
            HttpStatus.UNAUTHORIZED,
            ex instanceof InvalidBearerTokenException ? "Bearer error=\"invalid_token\"" : "Bearer",
            UNAUTHORIZED,
            "Unauthorized",
            "a valid bearer token is required");
  }

  /** 403 problem for a valid token without the scope the endpoint needs. */
  public static ServerAccessDeniedHandler accessDeniedHandler() {
    return (exchange, ex) ->
        write(
            exchange.getResponse(),
            HttpStatus.FORBIDDEN,
            "Bearer error=\"insufficient_scope\"",
            FORBIDDEN,
            "Forbidden",
            "the token does not grant this operation");
  }

  private static Mono<Void> write(
      ServerHttpResponse response,
      HttpStatus status,
      String challenge,
      String type,
      String title,
      String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", ProblemTypes.of(type).toString());
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    response.setStatusCode(status);
    response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    DataBuffer buffer =
        response
            .bufferFactory()
            .wrap(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(buffer));
  }
}
