package io.paystream.verification.config;

import io.paystream.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * verification-api's routes in the platform's resource-server chain ({@code
 * ResourceServerSecurityAutoConfiguration}: JWT with issuer and audience, actuator rules, problem
 * answers, everything else denied). The provider webhook carries no JWT (the controller checks its
 * signature); in-app confirmation needs a token (the customer claim is checked per challenge), an
 * in-app resend scope {@code payments:write}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  AuthorizationRules verificationRoutes() {
    return routes ->
        routes
            .pathMatchers(HttpMethod.POST, "/v1/verifications/sms-callback")
            .permitAll()
            .pathMatchers(HttpMethod.POST, "/v1/verifications/*/confirm")
            .authenticated()
            .pathMatchers(HttpMethod.POST, "/v1/verifications/*/resend")
            .hasAuthority("SCOPE_payments:write");
  }
}
