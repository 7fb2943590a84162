package io.paystream.auth.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link TokenRateLimitFilter} in front of everything, Spring Security included, so a refused
 * request costs no client lookup and no secret check.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenRateLimitProperties.class)
@ConditionalOnProperty(
    prefix = "paystream.auth.token-rate-limit",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class TokenRateLimitConfiguration {

  @Bean
  FilterRegistrationBean<TokenRateLimitFilter> tokenRateLimitFilter(
      TokenRateLimitProperties properties, MeterRegistry meters) {
    FilterRegistrationBean<TokenRateLimitFilter> registration =
        new FilterRegistrationBean<>(new TokenRateLimitFilter(properties, meters));
    registration.addUrlPatterns("/oauth2/token");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
