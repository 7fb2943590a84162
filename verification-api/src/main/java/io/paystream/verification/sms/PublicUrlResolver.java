package io.paystream.verification.sms;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rebuilds the public URL the SMS provider called, which is what it signed, although the request
 * reached this service through the gateway and a TLS-terminating proxy.
 *
 * <p>Order: (1) the configured public base URL (e.g. {@code https://pay.example.com}) + the
 * request's path and query: required on Kubernetes (the chart refuses to render without it) and
 * outside the dev and test profiles; (2) only when the request's immediate peer is a trusted proxy
 * (its address fully matches {@code trustedProxies}), {@code X-Forwarded-Proto}, {@code
 * X-Forwarded-Host} (may carry a port) and {@code X-Forwarded-Port}, taking the first (client-most)
 * value of a comma-separated list, which the trusted gateway only passes on from proxies it trusts
 * itself; (3) the URL as this server received it. Forwarded headers from any other peer are
 * ignored: anyone can send them, and a host of the caller's choosing would let a signature made for
 * another URL (another environment sharing the auth token) be replayed here. Default ports are
 * omitted ({@link TwilioSignatureValidator} tries both).
 */
public final class PublicUrlResolver {

  private final URI publicBaseUrl;
  private final Pattern trustedProxies;

  /**
   * @param publicBaseUrl scheme://host[:port][/prefix] the provider is configured with, or {@code
   *     null}
   * @param trustedProxies regular expression a peer's IP address must fully match for its {@code
   *     X-Forwarded-*} headers to be used; {@code null} or blank trusts no peer
   */
  public PublicUrlResolver(URI publicBaseUrl, String trustedProxies) {
    this.publicBaseUrl = publicBaseUrl;
    this.trustedProxies =
        trustedProxies == null || trustedProxies.isBlank() ? null : Pattern.compile(trustedProxies);
  }

  /**
   * The public URL of a request.
   *
   * @param requestUri the URI as received (absolute)
   * @param peer the immediate peer (remote address of the connection), or {@code null}
   * @param forwardedProto {@code X-Forwarded-Proto} or {@code null}
   * @param forwardedHost {@code X-Forwarded-Host} or {@code null}
   * @param forwardedPort {@code X-Forwarded-Port} or {@code null}
   * @throws IllegalArgumentException if trusted forwarded headers are malformed
   */
  public String resolve(
      URI requestUri,
      InetSocketAddress peer,
      String forwardedProto,
      String forwardedHost,
      String forwardedPort) {
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
    if (isTrustedProxy(peer)) {
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

  /** Whether the peer's IP address fully matches the trusted-proxy pattern. */
  boolean isTrustedProxy(InetSocketAddress peer) {
    if (trustedProxies == null || peer == null) {
      return false;
    }
    String address =
        peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    return trustedProxies.matcher(address).matches();
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
