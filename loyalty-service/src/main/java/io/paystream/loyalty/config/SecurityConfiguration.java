package io.paystream.loyalty.config;

import io.paystream.platform.problem.ProblemTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth2 resource server: JWTs checked against {@code
 * spring.security.oauth2.resourceserver.jwt.jwk-set-uri} (and {@code issuer-uri} when set).
 * Merchant reads need scope {@code loyalty:read} (the merchant id check is in the controllers),
 * policy changes need {@code admin}. Actuator is open (management traffic is not routed by the
 * gateway). A missing or bad token is a 401 problem, a missing scope a 403 problem.
 */
@Configuration
@EnableWebFluxSecurity
public class SecurityConfiguration {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .authorizeExchange(
            ex ->
                ex.pathMatchers("/actuator/**")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/v3/api-docs")
                    .permitAll()
                    .pathMatchers(HttpMethod.PUT, "/v1/merchants/*/loyalty-policy")
                    .hasAuthority("SCOPE_admin")
                    .pathMatchers(HttpMethod.GET, "/v1/merchants/**", "/v1/customers/**")
                    .hasAnyAuthority("SCOPE_loyalty:read", "SCOPE_admin")
                    .anyExchange()
                    .denyAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (exchange, ex) ->
                            problem(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "unauthorized",
                                "Unauthorized",
                                "A valid bearer token is required"))
                    .accessDeniedHandler(
                        (exchange, ex) ->
                            problem(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "Forbidden",
                                "The token lacks the scope this call needs")))
        .oauth2ResourceServer(
            o ->
                o.jwt(jwt -> {})
                    .authenticationEntryPoint(
                        (exchange, ex) ->
                            problem(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "unauthorized",
                                "Unauthorized",
                                "A valid bearer token is required"))
                    .accessDeniedHandler(
                        (exchange, ex) ->
                            problem(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                "forbidden",
                                "Forbidden",
                                "The token lacks the scope this call needs")))
        .build();
  }

  private static Mono<Void> problem(
      ServerWebExchange exchange, HttpStatus status, String slug, String title, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", ProblemTypes.of(slug).toString());
    problem.put("title", title);
    problem.put("status", status.value());
    problem.put("detail", detail);
    problem.put("instance", exchange.getRequest().getPath().value());
    var response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (status == HttpStatus.UNAUTHORIZED) {
      response.getHeaders().set("WWW-Authenticate", "Bearer");
    }
    byte[] body = JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
