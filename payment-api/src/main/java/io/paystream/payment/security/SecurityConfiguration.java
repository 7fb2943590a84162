package io.paystream.payment.security;

import io.paystream.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * payment-api's routes in the platform's resource-server chain ({@code
 * ResourceServerSecurityAutoConfiguration}: JWT with issuer and audience, actuator rules, problem
 * answers, everything else denied). Scopes: {@code payments:write} for {@code POST /v1/payments},
 * {@code payments:read} for payment reads, {@code admin} for the registry.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  AuthorizationRules paymentRoutes() {
    return routes ->
        routes
            .pathMatchers(HttpMethod.POST, "/v1/payments")
            .hasAuthority("SCOPE_payments:write")
            .pathMatchers(HttpMethod.GET, "/v1/payments", "/v1/payments/**")
            .hasAuthority("SCOPE_payments:read")
            .pathMatchers("/v1/customers/**", "/v1/cards/**", "/v1/merchants/**")
            .hasAuthority("SCOPE_admin");
  }
}
