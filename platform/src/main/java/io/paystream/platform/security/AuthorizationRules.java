package io.paystream.platform.security;

import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * A service's own route rules in the platform's resource-server chain ({@link
 * ResourceServerSecurityAutoConfiguration}). Declare one or more as beans; they are applied in
 * {@code @Order} order after the platform's actuator and API-document rules and before the closing
 * {@code anyExchange().denyAll()}, so a path no rule names is refused.
 *
 * <pre>{@code
 * @Bean
 * AuthorizationRules fdsRoutes() {
 *   return routes -> routes
 *       .pathMatchers("/v1/admin/**").hasAuthority("SCOPE_admin")
 *       .pathMatchers("/v1/payments/**").hasAuthority("SCOPE_payments:read");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface AuthorizationRules {

  /**
   * Adds path rules ({@code pathMatchers(..).permitAll() / authenticated() / hasAuthority(..)}).
   * Scopes of the token are authorities {@code SCOPE_<scope>}.
   */
  void authorize(AuthorizeExchangeSpec routes);
}
