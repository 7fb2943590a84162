package io.paystream.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.serde.EventRejectedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka wiring every paystream service shares, on top of Spring Boot's Kafka auto-configuration
 * (the client defaults themselves, {@code acks=all}, idempotence, CloudEvents serde, manual commit,
 * observation, are low-precedence properties set by {@code
 * PlatformDefaultsEnvironmentPostProcessor}):
 *
 * <ul>
 *   <li>{@link EventPublisher}: {@code Mono} publishing with a send timeout;
 *   <li>a {@link DefaultErrorHandler} (picked up by Boot's listener container factory) that asks
 *       {@link ConsumerFailures} what a failure is: a transient infrastructure failure is retried
 *       in place with a capped exponential back-off until it succeeds (no dead letter, no commit);
 *       a record bad in itself goes to {@code <topic>-<group>-dlt} at once; anything else gets the
 *       bounded retries of {@code paystream.kafka.retry.*}, then the dead-letter topic; {@link
 *       ConsumerRetryReporter} counts and logs the attempts;
 *   <li>{@link DeadLetterProducer}, which writes the original bytes and headers;
 *   <li>group membership ({@code paystream.kafka.consumer.*}): a 10 s session (3 s heartbeats)
 *       instead of Kafka's 45 s, and, with {@code instance-id} set, static membership per listener
 *       container, so that a crashed member's partitions are taken over within seconds.
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
  @ConditionalOnMissingBean
  ConsumerRetryReporter paystreamConsumerRetryReporter(
      PaystreamKafkaProperties properties, ObjectProvider<MeterRegistry> meters) {
    return new ConsumerRetryReporter(
        meters.getIfAvailable(SimpleMeterRegistry::new), properties.transientRetry().logInterval());
  }

  @Bean
  @ConditionalOnMissingBean(CommonErrorHandler.class)
  DefaultErrorHandler paystreamKafkaErrorHandler(
      DeadLetterProducer deadLetterProducer,
      PaystreamKafkaProperties properties,
      ConsumerRetryReporter reporter) {
    DefaultErrorHandler handler =
        new DefaultErrorHandler(deadLetterProducer.recoverer(), boundedBackOff(properties));
    classify(handler, properties, reporter);
    handler.setCommitRecovered(true);
    return handler;
  }

  /**
   * Makes {@code handler} retry transient failures until healthy ({@code
   * paystream.kafka.transient-retry.*}), report attempts to {@code reporter}, and not log every
   * attempt itself. Public so that a service with its own error handler (retry topics) classifies
   * the same way.
   */
  public static void classify(
      DefaultErrorHandler handler,
      PaystreamKafkaProperties properties,
      ConsumerRetryReporter reporter) {
    // DeserializationException and friends are already fatal by default; a listener may also throw
    // EventRejectedException for an event that is well-formed JSON but violates a rule.
    handler.addNotRetryableExceptions(EventRejectedException.class);
    BackOff transientBackOff = transientBackOff(properties.transientRetry());
    handler.setBackOffFunction(
        (record, exception) ->
            exception != null && ConsumerFailures.isTransient(exception) ? transientBackOff : null);
    // a new kind of failure starts the back-off chosen for it (transient → unknown is bounded)
    handler.setResetStateOnExceptionChange(true);
    handler.setRetryListeners(reporter);
    // ConsumerRetryReporter logs each attempt (rate-limited while transient); the container would
    // otherwise log a stack trace for every retry of a batch.
    handler.setLogLevel(KafkaException.Level.DEBUG);
  }

  /** {@code paystream.kafka.retry.*}: for failures not known to be transient. */
  static BackOff boundedBackOff(PaystreamKafkaProperties properties) {
    PaystreamKafkaProperties.Retry retry = properties.retry();
    ExponentialBackOffWithMaxRetries backOff =
        new ExponentialBackOffWithMaxRetries(retry.maxRetries());
    backOff.setInitialInterval(retry.initialInterval().toMillis());
    backOff.setMultiplier(retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    return backOff;
  }

  /**
   * {@code paystream.kafka.transient-retry.*}: capped exponential, no limit on attempts. Public for
   * a service whose own error handler (retry topics) must block on transient failures the same way.
   */
  public static BackOff transientBackOff(PaystreamKafkaProperties.TransientRetry settings) {
    ExponentialBackOff backOff =
        new ExponentialBackOff(settings.initialInterval().toMillis(), settings.multiplier());
    backOff.setMaxInterval(settings.maxInterval().toMillis());
    backOff.setMaxElapsedTime(Long.MAX_VALUE);
    backOff.setMaxAttempts(Long.MAX_VALUE);
    return backOff;
  }

  /**
   * Puts {@code paystream.kafka.consumer.session-timeout} and {@code heartbeat-interval} into the
   * consumer factory's configuration (every listener and every consumer the service builds from
   * it), unless {@code spring.kafka.*} already sets them or the group protocol is KIP-848's {@code
   * consumer}, whose clients reject both settings.
   */
  @Bean
  DefaultKafkaConsumerFactoryCustomizer paystreamConsumerMembershipCustomizer(
      PaystreamKafkaProperties properties) {
    return factory ->
        factory.updateConfigs(
            membershipDefaults(factory.getConfigurationProperties(), properties.consumer()));
  }

  /** The session settings {@code configs} lacks; none under {@code group.protocol=consumer}. */
  static Map<String, Object> membershipDefaults(
      Map<String, Object> configs, PaystreamKafkaProperties.Consumer consumer) {
    Map<String, Object> defaults = new HashMap<>();
    Object protocol = configs.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    if (protocol != null && "consumer".equalsIgnoreCase(protocol.toString())) {
      return defaults;
    }
    if (!configs.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
      defaults.put(
          ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) consumer.sessionTimeout().toMillis());
    }
    if (!configs.containsKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)) {
      defaults.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
          (int) consumer.heartbeatInterval().toMillis());
    }
    return defaults;
  }

  /**
   * Static membership: gives each listener container {@code group.instance.id} = {@code
   * <paystream.kafka.consumer.instance-id>-<listener id>} (Spring Kafka appends {@code -<n>} per
   * concurrent consumer), unless the listener sets its own; nothing when the instance id is blank.
   * The listener id keeps two listeners of one group in one service (loyalty's payments and
   * decisions) from fencing each other.
   */
  @Bean
  @ConditionalOnMissingBean
  ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>
      paystreamStaticMembership(PaystreamKafkaProperties properties) {
    return container -> staticMembership(container, properties.consumer().instanceId());
  }

  private static final java.util.regex.Pattern INVALID_INSTANCE_ID_CHARACTERS =
      java.util.regex.Pattern.compile("[^A-Za-z0-9._-]");

  static void staticMembership(AbstractMessageListenerContainer<?, ?> container, String base) {
    if (base == null || base.isBlank()) {
      return;
    }
    ContainerProperties containerProperties = container.getContainerProperties();
    Properties own = new Properties();
    // a copy: the factory may hand every container the same Properties object
    own.putAll(containerProperties.getKafkaConsumerProperties());
    if (!own.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
      // the broker accepts only ASCII alphanumerics, '.', '_' and '-'; a listener without an id
      // is named org.springframework.kafka.KafkaListenerEndpointContainer#<n>
      own.setProperty(
          ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
          INVALID_INSTANCE_ID_CHARACTERS
              .matcher(base.strip() + "-" + container.getListenerId())
              .replaceAll("_"));
    }
    containerProperties.setKafkaConsumerProperties(own);
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
