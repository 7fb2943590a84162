package io.paystream.benefit.config;

import io.paystream.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * benefit-service's routes in the platform's resource-server chain ({@code
 * ResourceServerSecurityAutoConfiguration}: JWT with issuer and audience, actuator rules, problem
 * answers, everything else denied): {@code /v1/admin/**} needs scope {@code admin}; a customer
 * summary needs any valid token and is then authorized per object by {@code
 * BenefitSummaryController} (the caller's {@code customer_id} claim, or scope {@code admin}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  AuthorizationRules benefitRoutes() {
    return routes ->
        routes
            .pathMatchers("/v1/admin/**")
            .hasAuthority("SCOPE_admin")
            .pathMatchers(HttpMethod.GET, "/v1/benefits/customers/*/summary")
            .authenticated();
  }
}
