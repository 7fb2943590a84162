package io.paystream.auth.security;

import io.paystream.platform.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's answers when a request is not allowed, as RFC 9457 problems ({@code
 * application/problem+json}) with the RFC 6750 §3 {@code WWW-Authenticate} challenge, the servlet
 * twin of the platform's reactive {@code BearerTokenProblems}:
 *
 * <ul>
 *   <li>401 {@code https://paystream.io/problems/unauthorized}, {@code Bearer} (no token) or {@code
 *       Bearer error="invalid_token"} (a token that failed validation: signature, unknown {@code
 *       kid}, {@code exp}, {@code aud}, {@code iss});
 *   <li>403 {@code https://paystream.io/problems/forbidden}, {@code Bearer
 *       error="insufficient_scope"} (a valid token without scope {@code admin}).
 * </ul>
 *
 * Details never echo the token or the validation failure.
 */
final class AdminApiProblems {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AdminApiProblems() {}

  static AuthenticationEntryPoint authenticationEntryPoint() {
    return (request, response, e) ->
        write(
            response,
            HttpStatus.UNAUTHORIZED,
            e instanceof InvalidBearerTokenException ? "Bearer error=\"invalid_token\"" : "Bearer",
            "unauthorized",
            "Unauthorized",
            "a valid bearer token is required");
  }

  static AccessDeniedHandler accessDeniedHandler() {
    return (request, response, e) ->
        write(
            response,
            HttpStatus.FORBIDDEN,
            "Bearer error=\"insufficient_scope\", scope=\"admin\"",
            "forbidden",
            "Forbidden",
            "this operation needs a token with scope admin");
  }

  private static void write(
      HttpServletResponse response,
      HttpStatus status,
      String challenge,
      String type,
      String title,
      String detail)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", ProblemTypes.of(type).toString());
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status.value());
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
