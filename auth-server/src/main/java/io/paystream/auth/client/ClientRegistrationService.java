package io.paystream.auth.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.web.ErrorResponseException;

/**
 * Registers {@code client_credentials} clients in Spring Authorization Server's JDBC repository
 * (schema {@code auth}) with a hashed secret, their {@code merchant_id} and {@code tier} kept as
 * client settings for the token customizer.
 */
public class ClientRegistrationService {

  /** Client setting holding the {@code merchant_id} claim. */
  public static final String MERCHANT_ID_SETTING = "paystream.merchant-id";

  /** Client setting holding the {@code tier} claim. */
  public static final String TIER_SETTING = "paystream.tier";

  static final String DEFAULT_TIER = "standard";

  private final RegisteredClientRepository repository;
  private final PasswordEncoder passwordEncoder;
  private final Duration accessTokenTtl;

  public ClientRegistrationService(
      RegisteredClientRepository repository,
      PasswordEncoder passwordEncoder,
      Duration accessTokenTtl) {
    this.repository = repository;
    this.passwordEncoder = passwordEncoder;
    this.accessTokenTtl = accessTokenTtl;
  }

  /**
   * Registers a new client.
   *
   * @throws ErrorResponseException 409 ({@code .../client-exists}) if the client id is taken
   */
  public ClientView register(ClientRequest request) {
    if (repository.findByClientId(request.clientId()) != null) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.CONFLICT, "client " + request.clientId() + " is already registered");
      problem.setType(URI.create("https://paystream.io/problems/client-exists"));
      problem.setTitle("Client exists");
      throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
    RegisteredClient client =
        build(RegisteredClient.withId(UUID.randomUUID().toString()), request, Instant.now());
    repository.save(client);
    return view(client);
  }

  /** Registers the client, or updates scopes, claims and (if it changed) the secret. */
  public ClientView upsert(ClientRequest request) {
    RegisteredClient existing = repository.findByClientId(request.clientId());
    if (existing == null) {
      return register(request);
    }
    RegisteredClient.Builder builder = RegisteredClient.from(existing);
    builder.scopes(Set::clear);
    builder.clientAuthenticationMethods(Set::clear);
    builder.authorizationGrantTypes(Set::clear);
    RegisteredClient updated = build(builder, request, existing.getClientIdIssuedAt());
    if (existing.getClientSecret() != null
        && passwordEncoder.matches(request.clientSecret(), existing.getClientSecret())) {
      updated = RegisteredClient.from(updated).clientSecret(existing.getClientSecret()).build();
    }
    repository.save(updated);
    return view(updated);
  }

  /** The client with this id, if registered. */
  public Optional<ClientView> find(String clientId) {
    return Optional.ofNullable(repository.findByClientId(clientId))
        .map(ClientRegistrationService::view);
  }

  private RegisteredClient build(
      RegisteredClient.Builder builder, ClientRequest request, Instant issuedAt) {
    ClientSettings.Builder settings =
        ClientSettings.builder()
            .requireAuthorizationConsent(false)
            .setting(TIER_SETTING, request.tier() == null ? DEFAULT_TIER : request.tier());
    if (request.merchantId() != null) {
      settings.setting(MERCHANT_ID_SETTING, request.merchantId());
    }
    return builder
        .clientId(request.clientId())
        .clientName(request.clientId())
        .clientIdIssuedAt(issuedAt)
        .clientSecret(passwordEncoder.encode(request.clientSecret()))
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
        .scopes(scopes -> scopes.addAll(request.scopes()))
        .clientSettings(settings.build())
        .tokenSettings(
            TokenSettings.builder()
                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                .accessTokenTimeToLive(accessTokenTtl)
                .build())
        .build();
  }

  static ClientView view(RegisteredClient client) {
    ClientSettings settings = client.getClientSettings();
    Object tier = settings.getSetting(TIER_SETTING);
    return new ClientView(
        client.getClientId(),
        Set.copyOf(client.getScopes()),
        settings.getSetting(MERCHANT_ID_SETTING),
        tier == null ? DEFAULT_TIER : tier.toString(),
        client.getClientIdIssuedAt());
  }
}
