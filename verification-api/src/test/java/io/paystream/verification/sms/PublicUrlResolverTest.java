package io.paystream.verification.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class PublicUrlResolverTest {

  static final URI RECEIVED = URI.create("http://10.0.3.7:8083/v1/verifications/sms-callback");
  static final InetSocketAddress GATEWAY = new InetSocketAddress("10.42.0.15", 51234);
  static final InetSocketAddress STRANGER = new InetSocketAddress("203.0.113.9", 40000);
  static final String GATEWAY_PODS = "10\\.42\\.\\d+\\.\\d+";

  @Test
  void configuredBaseUrlWinsOverHeaders() {
    PublicUrlResolver resolver =
        new PublicUrlResolver(URI.create("https://pay.example.com/"), GATEWAY_PODS);

    assertThat(resolver.resolve(RECEIVED, GATEWAY, "http", "evil.example", "81"))
        .isEqualTo("https://pay.example.com/v1/verifications/sms-callback");
  }

  @Test
  void rebuildsFromATrustedProxysForwardedHeaders() {
    PublicUrlResolver resolver = new PublicUrlResolver(null, GATEWAY_PODS);

    assertThat(resolver.resolve(RECEIVED, GATEWAY, "https", "pay.example.com", "443"))
        .isEqualTo("https://pay.example.com/v1/verifications/sms-callback");
    assertThat(
            resolver.resolve(
                RECEIVED, GATEWAY, "https, http", "pay.example.com:8443, gw:8080", null))
        .isEqualTo("https://pay.example.com:8443/v1/verifications/sms-callback");
    assertThat(resolver.resolve(RECEIVED, GATEWAY, "http", "localhost", "8080"))
        .isEqualTo("http://localhost:8080/v1/verifications/sms-callback");
  }

  @Test
  void keepsTheQueryString() {
    PublicUrlResolver resolver = new PublicUrlResolver(null, GATEWAY_PODS);

    assertThat(
            resolver.resolve(
                URI.create("http://h:8083/cb?x=1&y=2"), GATEWAY, "https", "p.io", null))
        .isEqualTo("https://p.io/cb?x=1&y=2");
  }

  @Test
  void ignoresForgedForwardedHeadersFromAPeerThatIsNotATrustedProxy() {
    // an attacker replays a callback signed for another host and claims that host in the headers
    PublicUrlResolver resolver = new PublicUrlResolver(null, GATEWAY_PODS);

    assertThat(resolver.resolve(RECEIVED, STRANGER, "https", "staging.example.com", "443"))
        .isEqualTo("http://10.0.3.7:8083/v1/verifications/sms-callback");
  }

  @Test
  void trustsNoPeerByDefault() {
    PublicUrlResolver resolver = new PublicUrlResolver(null, "");

    assertThat(resolver.resolve(RECEIVED, GATEWAY, "https", "pay.example.com", "443"))
        .isEqualTo("http://10.0.3.7:8083/v1/verifications/sms-callback");
    assertThat(resolver.resolve(RECEIVED, null, "https", "pay.example.com", "443"))
        .isEqualTo("http://10.0.3.7:8083/v1/verifications/sms-callback");
  }

  @Test
  void thePatternMustMatchTheWholeAddress() {
    PublicUrlResolver resolver = new PublicUrlResolver(null, "10\\.42\\.0\\.1");

    assertThat(resolver.isTrustedProxy(new InetSocketAddress("10.42.0.15", 1)))
        .as("10.42.0.15 only starts like 10.42.0.1")
        .isFalse();
    assertThat(resolver.isTrustedProxy(new InetSocketAddress("10.42.0.1", 1))).isTrue();
  }
}
