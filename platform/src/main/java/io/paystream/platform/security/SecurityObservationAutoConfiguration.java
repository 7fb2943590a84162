package io.paystream.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Turns Spring Security's own observations off in every paystream service: no observation of the
 * security filter chain (one per filter, before and after the exchange), of the authentication
 * manager or of the authorization manager.
 *
 * <p>Why: under load these were about 9 % of the gateway's and 8 % of payment-api's CPU samples
 * (JFR, docs/performance.md "Session 7"), per request, whether the trace was sampled or not, and
 * they carry nothing the request's own {@code http.server.requests} observation and span do not: a
 * refused token is a 401 with its problem type, a refused scope a 403. With {@link
 * SecurityObservationSettings#noObservations()} Spring Security does not wrap the chain at all (its
 * {@code ObservationWebFilterChainDecorator} is not installed), which a Boot observation predicate
 * ({@code management.observations.enable.spring.security=false}) would not do: the wrappers would
 * still run and make no-op observations.
 *
 * <p>Setting: {@code paystream.security.observations.enabled} ({@code false} by default; {@code
 * true} gives Spring Security's default, every observation on). A service that declares its own
 * {@link SecurityObservationSettings} bean keeps it.
 */
@AutoConfiguration
@ConditionalOnClass(SecurityObservationSettings.class)
@ConditionalOnProperty(
    prefix = "paystream.security.observations",
    name = "enabled",
    havingValue = "false",
    matchIfMissing = true)
public class SecurityObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SecurityObservationSettings paystreamSecurityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }
}
