package io.paystream.gateway.routing;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The proxy's HTTP client never re-sends a request by itself: Reactor Netty's one automatic retry
 * on a connection closed before the response is turned off, so a {@code POST /v1/payments} is never
 * sent twice by the gateway (no Retry filter is configured on any route either).
 */
@Configuration(proxyBeanMethods = false)
public class HttpClientConfiguration {

  @Bean
  HttpClientCustomizer noAutomaticRetry() {
    return httpClient -> httpClient.disableRetry(true);
  }
}
