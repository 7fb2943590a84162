package io.paystream.loyalty.config;

import io.paystream.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * loyalty-service's routes in the platform's resource-server chain ({@code
 * ResourceServerSecurityAutoConfiguration}: JWT with issuer and audience, actuator rules, problem
 * answers, everything else denied): merchant and customer reads need scope {@code loyalty:read} or
 * {@code admin} (the merchant id check is in the controllers), policy changes need {@code admin}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  AuthorizationRules loyaltyRoutes() {
    return routes ->
        routes
            .pathMatchers(HttpMethod.PUT, "/v1/merchants/*/loyalty-policy")
            .hasAuthority("SCOPE_admin")
            .pathMatchers(HttpMethod.GET, "/v1/merchants/**", "/v1/customers/**")
            .hasAnyAuthority("SCOPE_loyalty:read", "SCOPE_admin");
  }
}
