package io.paystream.payment.security;

import io.paystream.platform.security.BearerTokenProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

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
                    .pathMatchers(HttpMethod.GET, "/v3/api-docs")
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
}
