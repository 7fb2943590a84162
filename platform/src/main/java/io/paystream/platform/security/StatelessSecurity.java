package io.paystream.platform.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * What every paystream WebFlux security chain turns off: bearer tokens, no cookies, no browser
 * login. Used by {@link ResourceServerSecurityAutoConfiguration} and by the gateway's own chains.
 */
public final class StatelessSecurity {

  private StatelessSecurity() {}

  /** No CSRF (no cookies), no HTTP Basic, no form login, no logout page, no request cache. */
  public static ServerHttpSecurity apply(ServerHttpSecurity http) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable);
  }
}
