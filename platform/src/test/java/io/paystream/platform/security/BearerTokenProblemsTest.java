package io.paystream.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BearerTokenProblemsTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void answersAMissingTokenWith401ProblemAndAPlainBearerChallenge() {
    MockServerWebExchange exchange = exchange();

    BearerTokenProblems.authenticationEntryPoint()
        .commence(exchange, new AuthenticationCredentialsNotFoundException("none"))
        .block();

    assertProblem(exchange, HttpStatus.UNAUTHORIZED, "unauthorized");
    assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate"))
        .isEqualTo("Bearer");
  }

  @Test
  void answersAnInvalidTokenWith401AndInvalidTokenWithoutEchoingTheFailure() {
    MockServerWebExchange exchange = exchange();

    BearerTokenProblems.authenticationEntryPoint()
        .commence(exchange, new InvalidBearerTokenException("Jwt expired at eyJhbGciOi"))
        .block();

    assertProblem(exchange, HttpStatus.UNAUTHORIZED, "unauthorized");
    assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\"");
    assertThat(exchange.getResponse().getBodyAsString().block()).doesNotContain("eyJ");
  }

  @Test
  void answersAMissingScopeWith403InsufficientScope() {
    MockServerWebExchange exchange = exchange();

    BearerTokenProblems.accessDeniedHandler()
        .handle(exchange, new AccessDeniedException("no"))
        .block();

    assertProblem(exchange, HttpStatus.FORBIDDEN, "forbidden");
    assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"insufficient_scope\"");
  }

  static MockServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.get("/v1/anything"));
  }

  static void assertProblem(MockServerWebExchange exchange, HttpStatus status, String type) {
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(status);
    assertThat(exchange.getResponse().getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode body = JSON.readTree(exchange.getResponse().getBodyAsString().block());
    assertThat(body.get("type").asString()).isEqualTo("https://paystream.io/problems/" + type);
    assertThat(body.get("status").asInt()).isEqualTo(status.value());
    assertThat(body.get("title").asString()).isNotBlank();
  }
}
