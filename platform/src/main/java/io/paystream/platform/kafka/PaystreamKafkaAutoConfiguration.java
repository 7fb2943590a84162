package io.paystream.platform.kafka;

import io.micrometer.observation.ObservationRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.serde.EventRejectedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Kafka wiring every paystream service shares, on top of Spring Boot's Kafka auto-configuration
 * (the client defaults themselves, {@code acks=all}, idempotence, CloudEvents serde, manual commit,
 * observation, are low-precedence properties set by {@code
 * PlatformDefaultsEnvironmentPostProcessor}):
 *
 * <ul>
 *   <li>{@link EventPublisher}: {@code Mono} publishing with a send timeout;
 *   <li>a {@link DefaultErrorHandler} (picked up by Boot's listener container factory) with bounded
 *       exponential retries, then the record to {@code <topic>-<group>-dlt}; deserialization
 *       failures and {@link EventRejectedException} are not retried;
 *   <li>{@link DeadLetterProducer}, which writes the original bytes and headers.
 * </ul>
 *
 * Active only when spring-kafka is on the classpath (a service without the Kafka starter, such as
 * auth-server, gets none of it).
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(PaystreamKafkaProperties.class)
public class PaystreamKafkaAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DeadLetterProducer paystreamDeadLetterProducer(KafkaProperties kafkaProperties) {
    return new DeadLetterProducer(
        kafkaProperties.buildProducerProperties(),
        kafkaProperties.getTemplate().isObservationEnabled());
  }

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler paystreamKafkaErrorHandler(
      DeadLetterProducer deadLetterProducer, PaystreamKafkaProperties properties) {
    PaystreamKafkaProperties.Retry retry = properties.retry();
    ExponentialBackOffWithMaxRetries backOff =
        new ExponentialBackOffWithMaxRetries(retry.maxRetries());
    backOff.setInitialInterval(retry.initialInterval().toMillis());
    backOff.setMultiplier(retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    DefaultErrorHandler handler = new DefaultErrorHandler(deadLetterProducer.recoverer(), backOff);
    // DeserializationException and friends are already fatal by default; a listener may also throw
    // EventRejectedException for an event that is well-formed JSON but violates a rule.
    handler.addNotRetryableExceptions(EventRejectedException.class);
    handler.setCommitRecovered(true);
    return handler;
  }

  @Bean
  @ConditionalOnMissingBean
  @SuppressWarnings("unchecked")
  EventPublisher eventPublisher(
      KafkaTemplate<?, ?> kafkaTemplate,
      PaystreamKafkaProperties properties,
      ObjectProvider<ObservationRegistry> observationRegistry) {
    return new EventPublisher(
        (KafkaTemplate<String, Event<?>>) kafkaTemplate,
        properties.sendTimeout(),
        observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
  }
}
