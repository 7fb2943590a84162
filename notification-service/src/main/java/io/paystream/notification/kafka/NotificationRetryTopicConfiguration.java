package io.paystream.notification.kafka;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.notification.NotificationProperties;
import io.paystream.platform.kafka.ConsumerFailures;
import io.paystream.platform.kafka.ConsumerRetryReporter;
import io.paystream.platform.kafka.PaystreamKafkaAutoConfiguration;
import io.paystream.platform.kafka.PaystreamKafkaProperties;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.RetryTopicComponentFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;
import org.springframework.kafka.retrytopic.RetryTopicNamesProviderFactory;
import org.springframework.kafka.retrytopic.SuffixingRetryTopicNamesProviderFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Non-blocking retries for {@code notifications} with Spring Kafka's retry topics: a record whose
 * delivery failed transiently (provider down, circuit open, throttled past {@code maxRetryAfter})
 * is committed on the main topic and re-published to {@code notifications-notification-retry-1},
 * consumed after a delay, then {@code -retry-2} … and finally {@code
 * notifications-notification-dlt}. Permanent failures ({@link DeliveryException.Permanent}, bad
 * records) go straight to the DLT. Every record published to a retry topic or the DLT carries the
 * header {@value #REASON_HEADER} with the stable reason code.
 *
 * <p>Why retry topics rather than the platform's blocking error handler: an SMS outage can last
 * minutes; blocking retries would stall the partition (and every urgent verification SMS behind it)
 * for that long, while retry topics keep the main topic flowing. The retry-topic containers get
 * their own {@code DefaultErrorHandler}, so they coexist with a shared container factory whose
 * common error handler dead-letters other listeners to the same {@code <topic>-<group>-dlt}.
 *
 * <p>An infrastructure failure of this service itself (its PostgreSQL or Redis down, a statement
 * timeout: {@link ConsumerFailures#isTransient}, but not a {@link DeliveryException}, which is
 * about the provider) is not a reason to move a record along the retry topics towards the DLT: it
 * is retried in place with the platform's transient back-off ({@code
 * paystream.kafka.transient-retry.*}) until the service is healthy again, as every other paystream
 * consumer does.
 */
@Configuration(proxyBeanMethods = false)
public class NotificationRetryTopicConfiguration extends RetryTopicConfigurationSupport {

  /** Header with the stable reason code on retry-topic and DLT records. */
  public static final String REASON_HEADER = "paystream-dlt-reason";

  static final String GROUP = "notification";

  private static final Pattern INDEX = Pattern.compile("-retry-(\\d+)$");

  /** No blocking retry: the record goes on to the next retry topic (or the DLT) at once. */
  private static final BackOff NO_BLOCKING_RETRY = new FixedBackOff(0, 0);

  private final PaystreamKafkaProperties kafkaProperties;
  private final ConsumerRetryReporter reporter;

  public NotificationRetryTopicConfiguration(
      PaystreamKafkaProperties kafkaProperties, ConsumerRetryReporter reporter) {
    this.kafkaProperties = kafkaProperties;
    this.reporter = reporter;
  }

  /**
   * The template that re-publishes failed records: {@link Event} values through the CloudEvents
   * serializer, and raw {@code byte[]} values (records that did not deserialize) unchanged.
   */
  @Bean
  KafkaTemplate<String, Object> notificationRetryTemplate(KafkaProperties kafka) {
    Map<String, Object> config = new LinkedHashMap<>(kafka.buildProducerProperties());
    Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
    byType.put(byte[].class, new ByteArraySerializer());
    byType.put(Event.class, new CloudEventKafkaSerializer());
    DefaultKafkaProducerFactory<String, Object> factory =
        new DefaultKafkaProducerFactory<>(
            config, new StringSerializer(), new DelegatingByTypeSerializer(byType));
    return new KafkaTemplate<>(factory);
  }

  @Bean
  RetryTopicConfiguration notificationRetryTopics(
      KafkaTemplate<String, Object> notificationRetryTemplate, NotificationProperties properties) {
    NotificationProperties.RetryTopics retry = properties.retryTopics();
    return RetryTopicConfigurationBuilder.newInstance()
        .includeTopic(Topics.NOTIFICATIONS.name())
        .maxAttempts(retry.attempts())
        .exponentialBackoff(
            retry.initialDelay().toMillis(), retry.multiplier(), retry.maxDelay().toMillis())
        .suffixTopicsWithIndexValues()
        .retryTopicSuffix("-" + GROUP + "-retry")
        .dltSuffix("-" + GROUP + "-dlt")
        .autoCreateTopicsWith(retry.partitions(), retry.replicationFactor())
        .notRetryOn(List.of(DeliveryException.Permanent.class, DeserializationException.class))
        .create(notificationRetryTemplate);
  }

  @Override
  protected void configureCustomizers(CustomizersConfigurer customizers) {
    BackOff transientBackOff =
        PaystreamKafkaAutoConfiguration.transientBackOff(kafkaProperties.transientRetry());
    customizers.customizeErrorHandler(
        handler -> {
          // every failure may block; the back-off function decides which do: only this service's
          // own infrastructure failures, until healthy
          handler.setClassifications(
              Map.of(
                  DeliveryException.Permanent.class, false, DeserializationException.class, false),
              true);
          handler.setBackOffFunction(
              (record, error) ->
                  ownInfrastructureFailure(error) ? transientBackOff : NO_BLOCKING_RETRY);
          handler.setResetStateOnExceptionChange(true);
          handler.setRetryListeners(reporter);
        });
    customizers.customizeDeadLetterPublishingRecoverer(
        recoverer ->
            recoverer.addHeadersFunction(
                (record, error) -> {
                  RecordHeaders headers = new RecordHeaders();
                  headers.add(
                      new RecordHeader(
                          REASON_HEADER, reasonOf(error).getBytes(StandardCharsets.UTF_8)));
                  return headers;
                }));
  }

  @Override
  protected RetryTopicComponentFactory createComponentFactory() {
    return new RetryTopicComponentFactory() {
      @Override
      public RetryTopicNamesProviderFactory retryTopicNamesProviderFactory() {
        return new RegistryNames();
      }
    };
  }

  /** A transient failure of this service's database, cache or broker, not of a provider. */
  static boolean ownInfrastructureFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DeliveryException) {
        return false;
      }
    }
    return error != null && ConsumerFailures.isTransient(error);
  }

  /** The stable reason code of a listener failure. */
  static String reasonOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof DeliveryException delivery) {
        return delivery.reason();
      }
      if (t instanceof DeserializationException) {
        return "bad-event";
      }
    }
    return "unexpected-error";
  }

  /**
   * Names retry topics as the topic registry does ({@code Topic.retry(group, n)}, n from 1) and the
   * DLT as {@code Topic.deadLetter(group)}; Spring's index suffixes start at 0.
   */
  static final class RegistryNames implements RetryTopicNamesProviderFactory {

    private final SuffixingRetryTopicNamesProviderFactory suffixing =
        new SuffixingRetryTopicNamesProviderFactory();

    @Override
    public RetryTopicNamesProvider createRetryTopicNamesProvider(
        DestinationTopic.Properties properties) {
      RetryTopicNamesProvider defaults = suffixing.createRetryTopicNamesProvider(properties);
      return new RetryTopicNamesProvider() {
        @Override
        public String getEndpointId(KafkaListenerEndpoint endpoint) {
          return defaults.getEndpointId(endpoint);
        }

        @Override
        public String getGroupId(KafkaListenerEndpoint endpoint) {
          return defaults.getGroupId(endpoint);
        }

        @Override
        public String getClientIdPrefix(KafkaListenerEndpoint endpoint) {
          return defaults.getClientIdPrefix(endpoint);
        }

        @Override
        public String getGroup(KafkaListenerEndpoint endpoint) {
          return defaults.getGroup(endpoint);
        }

        @Override
        public String getTopicName(String topic) {
          return topicName(topic, properties);
        }
      };
    }

    static String topicName(String topic, DestinationTopic.Properties properties) {
      if (properties.isMainEndpoint()) {
        return topic;
      }
      var registered = Topics.byName(topic);
      if (registered.isEmpty()) {
        return topic + properties.suffix();
      }
      if (properties.isDltTopic()) {
        return registered.get().deadLetter(GROUP);
      }
      Matcher m = INDEX.matcher(properties.suffix());
      int index = m.find() ? Integer.parseInt(m.group(1)) : 0;
      return registered.get().retry(GROUP, index + 1);
    }
  }
}
