package io.paystream.platform.security;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Wraps every {@link ReactiveJwtDecoder} bean of a service (Boot's resource-server decoder, or the
 * service's own) in a {@link VerifiedJwtCache}.
 *
 * <p>Settings: {@code paystream.security.jwt-cache.enabled} (default {@code true}), {@code
 * .max-size} (entries, default 10,000) and {@code .max-ttl} (default {@code 5m}).
 */
@AutoConfiguration
@ConditionalOnClass(
    name = {
      "org.springframework.security.oauth2.jwt.ReactiveJwtDecoder",
      "com.github.benmanes.caffeine.cache.Caffeine"
    })
@ConditionalOnProperty(
    prefix = "paystream.security.jwt-cache",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class JwtCacheAutoConfiguration {

  @Bean
  static BeanPostProcessor paystreamVerifiedJwtCache(
      Environment environment, ObjectProvider<Clock> clocks) {
    long maxSize =
        environment.getProperty("paystream.security.jwt-cache.max-size", Long.class, 10_000L);
    Duration maxTtl =
        environment.getProperty(
            "paystream.security.jwt-cache.max-ttl", Duration.class, Duration.ofMinutes(5));
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof VerifiedJwtCache)) {
          // the service's Clock, if it has one, is the one its timestamp validator uses
          return new VerifiedJwtCache(
              decoder, maxSize, maxTtl, clocks.getIfUnique(Clock::systemUTC));
        }
        return bean;
      }
    };
  }
}
