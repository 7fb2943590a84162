package io.paystream.verification.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PublicUrlResolverTest {

  static final URI RECEIVED = URI.create("http://10.0.3.7:8083/v1/verifications/sms-callback");

  @Test
  void configuredBaseUrlWinsOverHeaders() {
    PublicUrlResolver resolver =
        new PublicUrlResolver(URI.create("https://pay.example.com/"), true);

    assertThat(resolver.resolve(RECEIVED, "http", "evil.example", "81"))
        .isEqualTo("https://pay.example.com/v1/verifications/sms-callback");
  }

  @Test
  void rebuildsFromForwardedHeadersBehindTlsProxyAndGateway() {
    PublicUrlResolver resolver = new PublicUrlResolver(null, true);

    assertThat(resolver.resolve(RECEIVED, "https", "pay.example.com", "443"))
        .isEqualTo("https://pay.example.com/v1/verifications/sms-callback");
    assertThat(resolver.resolve(RECEIVED, "https, http", "pay.example.com:8443, gw:8080", null))
        .isEqualTo("https://pay.example.com:8443/v1/verifications/sms-callback");
    assertThat(resolver.resolve(RECEIVED, "http", "localhost", "8080"))
        .isEqualTo("http://localhost:8080/v1/verifications/sms-callback");
  }

  @Test
  void keepsTheQueryString() {
    PublicUrlResolver resolver = new PublicUrlResolver(null, true);

    assertThat(resolver.resolve(URI.create("http://h:8083/cb?x=1&y=2"), "https", "p.io", null))
        .isEqualTo("https://p.io/cb?x=1&y=2");
  }

  @Test
  void ignoresForwardedHeadersUnlessTrusted() {
    PublicUrlResolver resolver = new PublicUrlResolver(null, false);

    assertThat(resolver.resolve(RECEIVED, "https", "pay.example.com", "443"))
        .isEqualTo("http://10.0.3.7:8083/v1/verifications/sms-callback");
  }
}
