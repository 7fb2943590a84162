package io.paystream.auth.client;

import io.paystream.auth.AuthServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Registers (or updates) the clients of {@code paystream.auth.bootstrap-clients} at start, and logs
 * how to get a token with curl (the secret is never logged).
 */
public class BootstrapClientsRunner implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(BootstrapClientsRunner.class);

  private final AuthServerProperties properties;
  private final ClientRegistrationService service;

  public BootstrapClientsRunner(
      AuthServerProperties properties, ClientRegistrationService service) {
    this.properties = properties;
    this.service = service;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (AuthServerProperties.BootstrapClient c : properties.bootstrapClients()) {
      ClientView view =
          service.upsert(
              new ClientRequest(
                  c.clientId(), c.clientSecret(), c.scopes(), c.merchantId(), c.tier()));
      log.info(
          "client {} registered (scopes {}, merchant {}, tier {}); token: curl -s -u {}:<secret>"
              + " -d grant_type=client_credentials -d 'scope={}' {}/oauth2/token",
          view.clientId(),
          view.scopes(),
          view.merchantId(),
          view.tier(),
          view.clientId(),
          String.join(" ", view.scopes()),
          properties.issuerUri() == null ? "http://127.0.0.1:9000" : properties.issuerUri());
    }
  }
}
