package io.paystream.simulator.replay;

import java.net.URI;

/**
 * Where the simulator talks to (dev stack defaults in {@code docs/api.md}).
 *
 * @param gateway public gateway base URL: payments, registry, SMS callback
 * @param authServer auth-server base URL: {@code /oauth2/token}, {@code /admin/clients}
 * @param smsSandbox SMS provider sandbox base URL: {@code /sandbox/messages}
 * @param smsCallback the public URL of the SMS provider webhook the cardholder's replies are posted
 *     to and signed over
 */
public record Endpoints(URI gateway, URI authServer, URI smsSandbox, URI smsCallback) {

  /** Resolves a path against the gateway. */
  public URI gateway(String path) {
    return join(gateway, path);
  }

  /** Resolves a path against auth-server. */
  public URI auth(String path) {
    return join(authServer, path);
  }

  /** Resolves a path against the SMS sandbox. */
  public URI sms(String path) {
    return join(smsSandbox, path);
  }

  /** Joins a base URL and an absolute path. */
  public static URI join(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }
}
