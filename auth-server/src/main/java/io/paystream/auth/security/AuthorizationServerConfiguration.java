package io.paystream.auth.security;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.paystream.auth.AuthServerProperties;
import io.paystream.auth.client.BootstrapClientsRunner;
import io.paystream.auth.client.ClientRegistrationService;
import io.paystream.auth.key.SigningKeys;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Authorization Server for {@code client_credentials}: clients in PostgreSQL (schema {@code
 * auth}), JWTs signed by the configured signing key, every configured key in the JWKS, and the
 * {@code /admin/**} API protected by the server's own tokens with scope {@code admin}.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfiguration {

  /** The token endpoints ({@code /oauth2/token}, {@code /oauth2/jwks}, metadata). */
  @Bean
  @Order(1)
  SecurityFilterChain authorizationServerFilterChain(HttpSecurity http) throws Exception {
    OAuth2AuthorizationServerConfigurer authorizationServer =
        new OAuth2AuthorizationServerConfigurer();
    http.securityMatcher(authorizationServer.getEndpointsMatcher())
        .with(authorizationServer, Customizer.withDefaults())
        .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  /**
   * The admin API (scope {@code admin}) and actuator; everything else is denied. A missing or
   * invalid token is a 401 problem, a token without scope {@code admin} a 403 problem ({@link
   * AdminApiProblems}).
   */
  @Bean
  @Order(2)
  SecurityFilterChain adminFilterChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            authorize ->
                authorize
                    .requestMatchers("/admin/**")
                    .hasAuthority("SCOPE_admin")
                    .requestMatchers("/actuator/**", "/error")
                    .permitAll()
                    .anyRequest()
                    .denyAll())
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .jwt(Customizer.withDefaults())
                    .authenticationEntryPoint(AdminApiProblems.authenticationEntryPoint())
                    .accessDeniedHandler(AdminApiProblems.accessDeniedHandler()))
        .exceptionHandling(
            handling ->
                handling
                    .authenticationEntryPoint(AdminApiProblems.authenticationEntryPoint())
                    .accessDeniedHandler(AdminApiProblems.accessDeniedHandler()))
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  @Bean
  SigningKeys signingKeys(AuthServerProperties properties) {
    List<SigningKeys.PemKey> keys =
        properties.keys().stream()
            .map(k -> new SigningKeys.PemKey(k.id(), k.privateKey(), k.publicKey()))
            .toList();
    return SigningKeys.of(keys, properties.signingKeyId());
  }

  @Bean
  JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
    return new ImmutableJWKSet<>(keys.jwkSet());
  }

  @Bean
  JwtEncoder jwtEncoder(JWKSource<SecurityContext> jwkSource) {
    return new NimbusJwtEncoder(jwkSource);
  }

  /** Validates the server's own tokens on {@code /admin/**}. */
  @Bean
  JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, AuthServerProperties properties) {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withJwkSource(jwkSource)
            .jwsAlgorithms(
                algorithms ->
                    algorithms.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256)))
            .build();
    OAuth2TokenValidator<Jwt> audience =
        new JwtClaimValidator<List<String>>(
            "aud", aud -> aud != null && aud.contains(properties.audience()));
    OAuth2TokenValidator<Jwt> validator =
        properties.issuerUri() == null || properties.issuerUri().isBlank()
            ? new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(), audience)
            : new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(),
                new JwtIssuerValidator(properties.issuerUri()),
                audience);
    decoder.setJwtValidator(validator);
    return decoder;
  }

  /**
   * Adds {@code merchant_id}, {@code tier} and {@code aud} to every access token, signs it with the
   * configured signing key ({@code kid} in the header) and sets {@code exp = iat +
   * access-token-ttl}.
   */
  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer(
      SigningKeys keys, AuthServerProperties properties) {
    return context -> {
      RegisteredClient client = context.getRegisteredClient();
      Object merchantId =
          client.getClientSettings().getSetting(ClientRegistrationService.MERCHANT_ID_SETTING);
      Object tier = client.getClientSettings().getSetting(ClientRegistrationService.TIER_SETTING);
      Instant issuedAt = Instant.now();
      context
          .getJwsHeader()
          .algorithm(SignatureAlgorithm.from(keys.signingAlgorithm().getName()))
          .keyId(keys.signingKeyId());
      context
          .getClaims()
          .audience(List.of(properties.audience()))
          .issuedAt(issuedAt)
          .notBefore(issuedAt)
          .expiresAt(issuedAt.plus(properties.accessTokenTtl()))
          .claim("tier", tier == null ? "standard" : tier.toString());
      if (merchantId != null) {
        context.getClaims().claim("merchant_id", merchantId.toString());
      }
    };
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(AuthServerProperties properties) {
    AuthorizationServerSettings.Builder builder = AuthorizationServerSettings.builder();
    if (properties.issuerUri() != null && !properties.issuerUri().isBlank()) {
      builder.issuer(properties.issuerUri());
    }
    return builder.build();
  }

  @Bean
  RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc) {
    return new JdbcRegisteredClientRepository(jdbc);
  }

  @Bean
  OAuth2AuthorizationService authorizationService(
      JdbcOperations jdbc, RegisteredClientRepository clients) {
    return new JdbcOAuth2AuthorizationService(jdbc, clients);
  }

  /**
   * Client secrets: salted SHA-256 ({@code {sha256}}) for generated high-entropy secrets, BCrypt
   * ({@code {bcrypt}}) for short ones; both stored forms verify ({@link ClientSecretEncoder}).
   * Spring Authorization Server's client authentication uses this bean.
   */
  @Bean
  PasswordEncoder passwordEncoder() {
    return new ClientSecretEncoder();
  }

  @Bean
  ClientRegistrationService clientRegistrationService(
      RegisteredClientRepository clients,
      PasswordEncoder passwordEncoder,
      AuthServerProperties properties) {
    return new ClientRegistrationService(clients, passwordEncoder, properties.accessTokenTtl());
  }

  @Bean
  BootstrapClientsRunner bootstrapClientsRunner(
      AuthServerProperties properties, ClientRegistrationService service) {
    return new BootstrapClientsRunner(properties, service);
  }
}
