package io.paystream.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address of the client behind a request, as far as it can be known without believing the
 * client: the connection's peer, or, when that peer is a trusted proxy ({@code
 * spring.cloud.gateway.server.webflux.trusted-proxies}), the right-most {@code X-Forwarded-For}
 * entry that is not itself a trusted proxy. Entries left of it were written by whoever sent the
 * request and are ignored, so a client cannot choose its rate-limit key.
 */
public final class ClientAddress {

  /** The gateway's trusted-proxy setting (a regular expression over IP addresses). */
  public static final String TRUSTED_PROXIES =
      "spring.cloud.gateway.server.webflux.trusted-proxies";

  private final Pattern trustedProxies;

  /**
   * @param trustedProxies regular expression an IP address must fully match to be a trusted proxy;
   *     blank: none is
   */
  public ClientAddress(String trustedProxies) {
    this.trustedProxies =
        trustedProxies == null || trustedProxies.isBlank() ? null : Pattern.compile(trustedProxies);
  }

  /** The client address of {@code request}; {@code unknown} when the peer is not known. */
  public String of(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    if (remote == null) {
      return "unknown";
    }
    String peer =
        remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    if (!trusted(peer)) {
      return peer;
    }
    List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
    for (int i = forwarded.size() - 1; i >= 0; i--) {
      String hop = forwarded.get(i).strip();
      if (!hop.isEmpty() && !trusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  private boolean trusted(String address) {
    return trustedProxies != null && trustedProxies.matcher(address).matches();
  }
}
