package io.paystream.gateway.security;

import io.paystream.gateway.problem.Problems;
import io.paystream.platform.security.StatelessSecurity;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * OAuth2 resource server: every path but the public ones needs a valid JWT (signature from the
 * cached JWKS, RS256/ES256 only, {@code iss}, {@code aud}, {@code exp}/{@code nbf} with a small
 * skew). Route scopes are checked per route by {@link RouteScopeFilter}. Failures are 401/403
 * problems with a {@code WWW-Authenticate} header.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  /** The clock for token time checks; a test may register its own (e.g. skewed) clock. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Actuator (served on the management port, which is never routed to the public): health probes,
   * info and Prometheus scrapes need no token, so Kubernetes probes and monitoring work; every
   * other actuator endpoint is refused.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityWebFilterChain actuatorSecurityWebFilterChain(ServerHttpSecurity http) {
    return StatelessSecurity.apply(
            http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/actuator/**")))
        .authorizeExchange(
            exchange ->
                exchange
                    .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                    .permitAll()
                    .pathMatchers("/actuator/prometheus")
                    .permitAll()
                    .anyExchange()
                    .denyAll())
        .build();
  }

  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http, GatewaySecurityProperties properties) {
    ServerAuthenticationEntryPoint unauthorized =
        (exchange, e) -> {
          exchange
              .getResponse()
              .getHeaders()
              .set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
          return Problems.write(
              exchange.getResponse(),
              HttpStatus.UNAUTHORIZED,
              "unauthorized",
              "Unauthorized",
              "a valid bearer token is required");
        };
    ServerAccessDeniedHandler forbidden =
        (exchange, e) ->
            Problems.write(
                exchange.getResponse(),
                HttpStatus.FORBIDDEN,
                "forbidden",
                "Forbidden",
                "the token does not grant this operation");
    return StatelessSecurity.apply(http)
        .authorizeExchange(
            exchange ->
                exchange
                    .pathMatchers(properties.publicPaths().toArray(String[]::new))
                    .permitAll()
                    .pathMatchers("/fallback/**")
                    .denyAll()
                    .anyExchange()
                    .authenticated())
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .jwt(Customizer.withDefaults())
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(forbidden))
        .exceptionHandling(
            handling ->
                handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
        .build();
  }

  /** JWT decoder with the JWKS cached by Nimbus and the validators of the class comment. */
  @Bean
  ReactiveJwtDecoder jwtDecoder(GatewaySecurityProperties properties, Clock clock) {
    NimbusReactiveJwtDecoder decoder =
        NimbusReactiveJwtDecoder.withJwkSetUri(properties.effectiveJwkSetUri())
            .jwsAlgorithms(
                algorithms -> {
                  algorithms.clear();
                  algorithms.add(SignatureAlgorithm.RS256);
                  algorithms.add(SignatureAlgorithm.ES256);
                })
            .build();
    JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
    timestamps.setClock(clock);
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<Jwt>(
            timestamps,
            new JwtIssuerValidator(properties.issuerUri()),
            new JwtClaimValidator<List<String>>(
                "aud", aud -> aud != null && aud.contains(properties.audience()))));
    return decoder;
  }
}
