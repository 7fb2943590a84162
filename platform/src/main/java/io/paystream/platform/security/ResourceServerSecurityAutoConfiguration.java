package io.paystream.platform.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

/**
 * The one security chain of every reactive paystream service that is an OAuth2 resource server
 * (active when {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} or {@code issuer-uri}
 * is set and the service declares no {@link SecurityWebFilterChain} of its own):
 *
 * <ol>
 *   <li>JWTs decoded by Boot's resource-server decoder from {@code
 *       spring.security.oauth2.resourceserver.jwt.*}: signature against the JWKS, {@code
 *       exp}/{@code nbf}, {@code iss} (when {@code issuer-uri} is set) and {@code aud} ({@code
 *       audiences}; the platform default is {@code paystream}, the audience auth-server puts in
 *       every token);
 *   <li>actuator: {@code /actuator/health}, {@code /actuator/health/**} (probes), {@code
 *       /actuator/info} and {@code /actuator/prometheus} without a token; every other actuator
 *       endpoint (e.g. {@code POST /actuator/refresh}) needs scope {@code admin};
 *   <li>{@code GET /v3/api-docs} without a token (the gateway serves it);
 *   <li>the service's {@link AuthorizationRules} beans;
 *   <li>anything else denied.
 * </ol>
 *
 * 401 and 403 are RFC 9457 problems with the RFC 6750 {@code WWW-Authenticate} challenge ({@link
 * BearerTokenProblems}). No CSRF (bearer tokens, no cookies), no form login, no HTTP Basic, no
 * session.
 */
@AutoConfiguration(
    beforeName =
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive"
            + ".ReactiveOAuth2ResourceServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ServerHttpSecurity.class, ReactiveJwtDecoder.class})
@Conditional(ResourceServerSecurityAutoConfiguration.JwtConfigured.class)
@EnableWebFluxSecurity
public class ResourceServerSecurityAutoConfiguration {

  /** Actuator endpoints open to probes and scrapers (no token). */
  static final String[] OPEN_ACTUATOR = {
    "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus"
  };

  @Bean
  @ConditionalOnMissingBean(SecurityWebFilterChain.class)
  SecurityWebFilterChain paystreamSecurityWebFilterChain(
      ServerHttpSecurity http, ObjectProvider<AuthorizationRules> rules) {
    ServerAuthenticationEntryPoint entryPoint = BearerTokenProblems.authenticationEntryPoint();
    ServerAccessDeniedHandler deniedHandler = BearerTokenProblems.accessDeniedHandler();
    return StatelessSecurity.apply(http)
        .authorizeExchange(
            routes -> {
              routes
                  .pathMatchers(OPEN_ACTUATOR)
                  .permitAll()
                  .pathMatchers("/actuator", "/actuator/**")
                  .hasAuthority("SCOPE_admin")
                  .pathMatchers(HttpMethod.GET, "/v3/api-docs")
                  .permitAll();
              rules.orderedStream().forEach(r -> r.authorize(routes));
              routes.anyExchange().denyAll();
            })
        .oauth2ResourceServer(
            rs ->
                rs.jwt(jwt -> {})
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(deniedHandler))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
        .build();
  }

  /** A JWKS address or an issuer is configured. */
  static final class JwtConfigured extends AnyNestedCondition {

    JwtConfigured() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
    static final class JwkSetUri {}

    @ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri")
    static final class IssuerUri {}
  }
}
