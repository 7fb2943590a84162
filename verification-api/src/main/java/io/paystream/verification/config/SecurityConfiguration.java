package io.paystream.verification.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The provider webhook carries no JWT (it is authenticated by its signature in the controller);
 * in-app confirmation needs a JWT, an in-app resend a JWT with scope {@code payments:write}; health
 * and metrics are open; everything else is denied.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .authorizeExchange(
            exchange ->
                exchange
                    .pathMatchers(HttpMethod.POST, "/v1/verifications/sms-callback")
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, "/v3/api-docs")
                    .permitAll()
                    .pathMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                    .permitAll()
                    .pathMatchers(HttpMethod.POST, "/v1/verifications/*/confirm")
                    .authenticated()
                    .pathMatchers(HttpMethod.POST, "/v1/verifications/*/resend")
                    .hasAuthority("SCOPE_payments:write")
                    .anyExchange()
                    .denyAll())
        .oauth2ResourceServer(oauth2 -> oauth2.jwt(Customizer.withDefaults()))
        .build();
  }
}
