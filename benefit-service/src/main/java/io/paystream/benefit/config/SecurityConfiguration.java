package io.paystream.benefit.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * OAuth2 resource server: JWTs checked against {@code
 * spring.security.oauth2.resourceserver.jwt.jwk-set-uri} and {@code issuer-uri}. Actuator is open
 * (its port is not routed by the gateway); {@code /v1/admin/**} needs scope {@code admin}; a
 * customer summary needs any valid token and is then authorized per object by {@code
 * BenefitSummaryController} (the caller's {@code customer_id} claim, or scope {@code admin}).
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
                    .pathMatchers(HttpMethod.GET, "/v1/benefits/customers/*/summary")
                    .authenticated()
                    .anyExchange()
                    .denyAll())
        .oauth2ResourceServer(o -> o.jwt(jwt -> {}))
        .build();
  }
}
