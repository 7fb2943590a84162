package io.paystream.gateway.routing;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The per-downstream bulkhead that Spring Cloud CircuitBreaker wraps around every {@code
 * CircuitBreaker} route filter: at most {@code paystream.gateway.downstream-max-concurrent-calls}
 * requests in flight to one downstream (default 1000), no waiting for a permit; beyond it the
 * route's fallback answers a 503 problem at once.
 *
 * <p>The library's default (25 concurrent calls) turned every 26th concurrent request into a 503
 * under a modest load of 32 connections, so the gateway sets its own bound, sized for the route
 * timeouts (≤ 12 s) rather than for a thread pool: reactive calls hold no thread while they wait.
 */
@Configuration(proxyBeanMethods = false)
public class DownstreamBulkheadConfiguration {

  @Bean
  Customizer<ReactiveResilience4jBulkheadProvider> downstreamBulkhead(
      @Value("${paystream.gateway.downstream-max-concurrent-calls:1000}") int maxConcurrentCalls) {
    return provider ->
        provider.configureDefault(
            id ->
                new Resilience4jBulkheadConfigurationBuilder()
                    .bulkheadConfig(
                        BulkheadConfig.custom()
                            .maxConcurrentCalls(maxConcurrentCalls)
                            .maxWaitDuration(Duration.ZERO)
                            .build())
                    .build());
  }
}
