package io.paystream.fds.config;

import io.paystream.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * fds-service's routes in the platform's resource-server chain ({@code
 * ResourceServerSecurityAutoConfiguration}: JWT with issuer and audience, actuator rules, problem
 * answers, everything else denied): admin endpoints need scope {@code admin}, payment reads scope
 * {@code payments:read}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  AuthorizationRules fdsRoutes() {
    return routes ->
        routes
            .pathMatchers("/v1/admin/**")
            .hasAuthority("SCOPE_admin")
            .pathMatchers("/v1/payments/**")
            .hasAuthority("SCOPE_payments:read");
  }
}
