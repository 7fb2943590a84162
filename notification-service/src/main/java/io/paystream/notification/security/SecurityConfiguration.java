package io.paystream.notification.security;

import io.paystream.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * notification-service's routes in the platform's resource-server chain ({@code
 * ResourceServerSecurityAutoConfiguration}: JWT with issuer and audience, actuator rules, problem
 * answers, everything else denied): {@code /admin/**} (DLT replay) needs scope {@code admin}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  AuthorizationRules notificationRoutes() {
    return routes -> routes.pathMatchers("/admin/**").hasAuthority("SCOPE_admin");
  }
}
