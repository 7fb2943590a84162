package io.paystream.gateway.ratelimit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Wires the rate limiter: Redis buckets, the local fallback and Redis' circuit breaker. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    prefix = "paystream.gateway.rate-limit",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class RateLimitConfiguration {

  /** Name of Redis' circuit breaker ({@code resilience4j.circuitbreaker.instances.<name>}). */
  public static final String REDIS_CIRCUIT_BREAKER = "redis-rate-limiter";

  /**
   * Fail fast while Redis is away: commands are rejected while disconnected instead of queued until
   * a timeout (connect and command timeouts are {@code spring.data.redis.connect-timeout} / {@code
   * timeout}).
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer failFastRedis() {
    return builder ->
        builder
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .autoReconnect(true);
  }

  @Bean
  TieredRateLimiter tieredRateLimiter(
      RateLimitProperties properties,
      ReactiveStringRedisTemplate redis,
      ObjectProvider<CircuitBreakerRegistry> registry,
      MeterRegistry meters) {
    CircuitBreakerRegistry breakers =
        registry.getIfAvailable(
            () ->
                CircuitBreakerRegistry.of(
                    CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(5)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(2))
                        .build()));
    return new TieredRateLimiter(
        properties,
        new RedisTokenBuckets(redis),
        new LocalRateLimiter(properties.replicas(), properties.localMaxKeys(), System::nanoTime),
        breakers.circuitBreaker(REDIS_CIRCUIT_BREAKER),
        meters);
  }

  @Bean
  RateLimitFilter rateLimitFilter(TieredRateLimiter limiter, Environment environment) {
    return new RateLimitFilter(
        limiter, new ClientAddress(environment.getProperty(ClientAddress.TRUSTED_PROXIES, "")));
  }
}
