package io.paystream.payment.security;

import io.paystream.payment.web.Problems;
import io.paystream.platform.problem.ProblemTypes;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * OAuth2 resource server: JWTs from auth-server's JWKS (issuer and audience checked, see {@code
 * spring.security.oauth2.resourceserver.jwt.*}). Scopes: {@code payments:write} for {@code POST
 * /v1/payments}, {@code payments:read} for payment reads, {@code admin} for the registry. 401 and
 * 403 are answered as RFC 9457 problems with the RFC 6750 {@code WWW-Authenticate} header.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
    ServerAuthenticationEntryPoint entryPoint =
        (exchange, ex) -> {
          String challenge =
              ex instanceof InvalidBearerTokenException
                  ? "Bearer error=\"invalid_token\""
                  : "Bearer";
          return problem(
              exchange,
              HttpStatus.UNAUTHORIZED,
              challenge,
              "Unauthorized",
              "a valid bearer token is required");
        };
    ServerAccessDeniedHandler deniedHandler =
        (exchange, ex) ->
            problem(
                exchange,
                HttpStatus.FORBIDDEN,
                "Bearer error=\"insufficient_scope\"",
                "Forbidden",
                "the token lacks the scope this endpoint needs");
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .authorizeExchange(
            auth ->
                auth.pathMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/actuator/info",
                        "/actuator/prometheus")
                    .permitAll()
                    .pathMatchers(HttpMethod.POST, "/v1/payments")
                    .hasAuthority("SCOPE_payments:write")
                    .pathMatchers(HttpMethod.GET, "/v1/payments", "/v1/payments/**")
                    .hasAuthority("SCOPE_payments:read")
                    .pathMatchers("/v1/customers/**", "/v1/cards/**", "/v1/merchants/**")
                    .hasAuthority("SCOPE_admin")
                    .anyExchange()
                    .denyAll())
        .oauth2ResourceServer(
            rs ->
                rs.jwt(jwt -> {})
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(deniedHandler))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
        .build();
  }

  private static Mono<Void> problem(
      ServerWebExchange exchange,
      HttpStatus status,
      String challenge,
      String title,
      String detail) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    String json =
        "{\"type\":\""
            + ProblemTypes.of(
                status == HttpStatus.UNAUTHORIZED ? Problems.UNAUTHORIZED : Problems.FORBIDDEN)
            + "\",\"title\":\""
            + title
            + "\",\"status\":"
            + status.value()
            + ",\"detail\":\""
            + detail
            + "\"}";
    DataBuffer buffer = response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8));
    return response.writeWith(Mono.just(buffer));
  }
}
