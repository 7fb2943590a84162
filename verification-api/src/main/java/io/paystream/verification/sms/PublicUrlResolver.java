package io.paystream.verification.sms;

import java.net.URI;
import java.util.Locale;

/**
 * Rebuilds the public URL the SMS provider called, which is what it signed, although the request
 * reached this service through the gateway and a TLS-terminating proxy.
 *
 * <p>Order: (1) a configured public base URL (e.g. {@code https://pay.example.com}) + the request's
 * path and query — the most robust choice in production; (2) when forwarded headers are trusted,
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} (may carry a port) and {@code
 * X-Forwarded-Port}, taking the first (client-most) value of a comma-separated list; (3) the URL as
 * this server received it. Default ports are omitted ({@link TwilioSignatureValidator} tries both).
 */
public final class PublicUrlResolver {

  private final URI publicBaseUrl;
  private final boolean trustForwardedHeaders;

  /**
   * @param publicBaseUrl scheme://host[:port][/prefix] the provider is configured with, or {@code
   *     null}
   * @param trustForwardedHeaders whether {@code X-Forwarded-*} may rebuild the URL
   */
  public PublicUrlResolver(URI publicBaseUrl, boolean trustForwardedHeaders) {
    this.publicBaseUrl = publicBaseUrl;
    this.trustForwardedHeaders = trustForwardedHeaders;
  }

  /**
   * The public URL of a request.
   *
   * @param requestUri the URI as received (absolute)
   * @param forwardedProto {@code X-Forwarded-Proto} or {@code null}
   * @param forwardedHost {@code X-Forwarded-Host} or {@code null}
   * @param forwardedPort {@code X-Forwarded-Port} or {@code null}
   */
  public String resolve(
      URI requestUri, String forwardedProto, String forwardedHost, String forwardedPort) {
    String pathAndQuery =
        (requestUri.getRawPath() == null || requestUri.getRawPath().isEmpty()
                ? "/"
                : requestUri.getRawPath())
            + (requestUri.getRawQuery() == null ? "" : "?" + requestUri.getRawQuery());
    if (publicBaseUrl != null) {
      String base = publicBaseUrl.toString();
      if (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return base + pathAndQuery;
    }
    String scheme = requestUri.getScheme();
    String host = requestUri.getHost();
    int port = requestUri.getPort();
    if (trustForwardedHeaders) {
      String proto = first(forwardedProto);
      if (proto != null) {
        scheme = proto.toLowerCase(Locale.ROOT);
        port = -1; // a new scheme invalidates the received port unless a forwarded one says so
      }
      String fwdHost = first(forwardedHost);
      if (fwdHost != null) {
        HostPort hp = HostPort.parse(fwdHost);
        host = hp.host();
        port = hp.port();
      }
      String fwdPort = first(forwardedPort);
      if (fwdPort != null && (fwdHost == null || HostPort.parse(fwdHost).port() == -1)) {
        port = Integer.parseInt(fwdPort);
      }
    }
    boolean defaultPort =
        port == -1
            || ("https".equals(scheme) && port == 443)
            || ("http".equals(scheme) && port == 80);
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + pathAndQuery;
  }

  private static String first(String header) {
    if (header == null) {
      return null;
    }
    String value = header.split(",", 2)[0].strip();
    return value.isEmpty() ? null : value;
  }

  private record HostPort(String host, int port) {
    static HostPort parse(String value) {
      if (value.startsWith("[")) { // IPv6 literal
        int end = value.indexOf(']');
        String rest = value.substring(end + 1);
        return new HostPort(
            value.substring(0, end + 1),
            rest.startsWith(":") ? Integer.parseInt(rest.substring(1)) : -1);
      }
      int colon = value.lastIndexOf(':');
      if (colon > 0) {
        return new HostPort(
            value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
      }
      return new HostPort(value, -1);
    }
  }
}
