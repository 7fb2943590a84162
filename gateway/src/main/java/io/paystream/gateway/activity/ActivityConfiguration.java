package io.paystream.gateway.activity;

import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/** The activity log's beans (off with {@code paystream.gateway.activity.enabled=false}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    prefix = "paystream.gateway.activity",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class ActivityConfiguration {

  @Bean
  ActivityPublisher activityPublisher(
      KafkaTemplate<String, Event<?>> kafka, ActivityProperties properties, MeterRegistry meters) {
    return new ActivityPublisher(kafka, properties.bufferCapacity(), meters);
  }

  @Bean
  ActivityWebFilter activityWebFilter(ActivityPublisher publisher, Clock clock) {
    return new ActivityWebFilter(publisher, clock);
  }
}
