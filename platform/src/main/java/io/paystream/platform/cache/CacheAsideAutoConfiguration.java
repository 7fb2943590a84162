package io.paystream.platform.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reactive cache-aside helper, when the service has Spring Data Redis reactive (Lettuce) on the
 * classpath and a Redis connection configured ({@code spring.data.redis.*}).
 */
@AutoConfiguration(
    after = DataRedisReactiveAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass(ReactiveStringRedisTemplate.class)
@EnableConfigurationProperties(CacheProperties.class)
public class CacheAsideAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ReactiveStringRedisTemplate.class)
  ReactiveCacheAsideFactory reactiveCacheAsideFactory(
      ReactiveStringRedisTemplate redis,
      ObjectProvider<JsonMapper> jsonMapper,
      ObjectProvider<MeterRegistry> meterRegistry,
      CacheProperties properties,
      Environment environment) {
    String prefix = properties.keyPrefix();
    if (prefix == null || prefix.isBlank()) {
      prefix = environment.getProperty("spring.application.name", "paystream");
    }
    return new ReactiveCacheAsideFactory(
        redis,
        jsonMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build()),
        properties,
        prefix,
        meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
  }
}
