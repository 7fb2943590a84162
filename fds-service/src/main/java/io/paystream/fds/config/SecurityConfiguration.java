package io.paystream.fds.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * OAuth2 resource server: JWTs validated against {@code
 * spring.security.oauth2.resourceserver.jwt.jwk-set-uri} / {@code issuer-uri}. Actuator is open
 * (its port is not routed by the gateway); admin endpoints need scope {@code admin}; payment reads
 * need scope {@code payments:read}.
 */
@Configuration
@EnableWebFluxSecurity
public class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .authorizeExchange(
            ex ->
                ex.pathMatchers("/actuator/**")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/v3/api-docs")
                    .permitAll()
                    .pathMatchers("/v1/admin/**")
                    .hasAuthority("SCOPE_admin")
                    .pathMatchers("/v1/payments/**")
                    .hasAuthority("SCOPE_payments:read")
                    .anyExchange()
                    .denyAll())
        .oauth2ResourceServer(o -> o.jwt(jwt -> {}))
        .build();
  }
}
