package io.paystream.notification.security;

import io.paystream.platform.security.BearerTokenProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

/**
 * OAuth2 resource server: JWTs validated against {@code
 * spring.security.oauth2.resourceserver.jwt.*} (JWKS, issuer, audience {@code paystream}). {@code
 * /admin/**} (DLT replay) needs scope {@code admin}; health, info and Prometheus are open; anything
 * else is denied. 401 (no or invalid token) and 403 (scope missing) are RFC 9457 problems with the
 * RFC 6750 {@code WWW-Authenticate} header ({@link BearerTokenProblems}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
    ServerAuthenticationEntryPoint entryPoint = BearerTokenProblems.authenticationEntryPoint();
    ServerAccessDeniedHandler deniedHandler = BearerTokenProblems.accessDeniedHandler();
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
                    .pathMatchers("/admin/**")
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
}
