package io.paystream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.Topics;
import io.paystream.platform.PlatformDefaultsEnvironmentPostProcessor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpoint;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.converter.MessageConverter;

class PaystreamKafkaAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(
              context ->
                  new PlatformDefaultsEnvironmentPostProcessor()
                      .postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
          .withConfiguration(
              AutoConfigurations.of(
                  KafkaAutoConfiguration.class, PaystreamKafkaAutoConfiguration.class));

  @Test
  void producerIsDurableIdempotentAndWritesCloudEvents() {
    runner.run(
        context -> {
          Map<String, Object> producer =
              context.getBean(KafkaProperties.class).buildProducerProperties();
          assertThat(producer)
              .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
              .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
              .containsEntry(
                  ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                  io.paystream.contracts.serde.CloudEventKafkaSerializer.class);
          assertThat(context).hasSingleBean(EventPublisher.class);
          assertThat(context.getBean(KafkaProperties.class).getTemplate().isObservationEnabled())
              .isTrue();
        });
  }

  @Test
  void consumerCommitsPerRecordAfterTheListenerAndWrapsTheCloudEventDeserializer() {
    runner.run(
        context -> {
          Map<String, Object> consumer =
              context.getBean(KafkaProperties.class).buildConsumerProperties();
          assertThat(consumer)
              .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
              .containsEntry(
                  ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                  org.springframework.kafka.support.serializer.ErrorHandlingDeserializer.class)
              .containsEntry(
                  "spring.deserializer.value.delegate.class",
                  "io.paystream.contracts.serde.CloudEventKafkaDeserializer");
          ConcurrentKafkaListenerContainerFactory<?, ?> factory =
              context.getBean(ConcurrentKafkaListenerContainerFactory.class);
          assertThat(factory.getContainerProperties().getAckMode()).isEqualTo(AckMode.RECORD);
          assertThat(factory.getContainerProperties().isObservationEnabled()).isTrue();
          assertThat(context.getBean(CommonErrorHandler.class))
              .isInstanceOf(DefaultErrorHandler.class);
        });
  }

  @Test
  void aServiceSettingWinsOverThePlatformDefault() {
    runner
        .withPropertyValues(
            "spring.kafka.listener.ack-mode=batch", "paystream.kafka.retry.max-retries=0")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(ConcurrentKafkaListenerContainerFactory.class)
                            .getContainerProperties()
                            .getAckMode())
                    .isEqualTo(AckMode.BATCH));
  }

  @Test
  void consumersUseATenSecondSessionUnlessTheServiceSetsItsOwn() {
    runner.run(
        context -> {
          Map<String, Object> configs =
              context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties();
          assertThat(configs)
              .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
              .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)
              .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        });
    runner
        .withPropertyValues(
            "spring.kafka.consumer.properties.session.timeout.ms=20000",
            "paystream.kafka.consumer.heartbeat-interval=2s")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(DefaultKafkaConsumerFactory.class)
                            .getConfigurationProperties())
                    .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "20000")
                    .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000));
    // KIP-848 clients reject both settings; the broker's group.consumer.session.timeout.ms rules
    runner
        .withPropertyValues("spring.kafka.consumer.properties.group.protocol=consumer")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(DefaultKafkaConsumerFactory.class)
                            .getConfigurationProperties())
                    .doesNotContainKeys(
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
  }

  @Test
  void eachListenerContainerGetsItsOwnStableGroupInstanceIdWhenAnInstanceIdIsSet() {
    runner
        .withPropertyValues("paystream.kafka.consumer.instance-id=fds-service-7f9c-x2k4q")
        .run(
            context -> {
              ConcurrentKafkaListenerContainerFactory<?, ?> factory =
                  context.getBean(ConcurrentKafkaListenerContainerFactory.class);
              ConcurrentMessageListenerContainer<?, ?> payments = container(factory, "payments");
              ConcurrentMessageListenerContainer<?, ?> results = container(factory, "results");
              assertThat(
                      payments
                          .getContainerProperties()
                          .getKafkaConsumerProperties()
                          .getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                  .isEqualTo("fds-service-7f9c-x2k4q-payments");
              assertThat(
                      results
                          .getContainerProperties()
                          .getKafkaConsumerProperties()
                          .getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                  .isEqualTo("fds-service-7f9c-x2k4q-results");
              // a listener without an id (verification-api's): only characters the broker takes
              assertThat(
                      container(
                              factory, "org.springframework.kafka.KafkaListenerEndpointContainer#0")
                          .getContainerProperties()
                          .getKafkaConsumerProperties()
                          .getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                  .isEqualTo(
                      "fds-service-7f9c-x2k4q-org.springframework.kafka.KafkaListenerEndpointContainer_0");
            });
    // blank (the default): dynamic membership
    runner.run(
        context ->
            assertThat(
                    container(context.getBean(ConcurrentKafkaListenerContainerFactory.class), "p")
                        .getContainerProperties()
                        .getKafkaConsumerProperties())
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
  }

  private static ConcurrentMessageListenerContainer<?, ?> container(
      ConcurrentKafkaListenerContainerFactory<?, ?> factory, String id) {
    return factory.createListenerContainer(new Endpoint(id));
  }

  /** A listener endpoint as {@code @KafkaListener(id = ..., groupId = "fds")} registers it. */
  private record Endpoint(String getId) implements KafkaListenerEndpoint {
    @Override
    public String getGroupId() {
      return "fds";
    }

    @Override
    public String getGroup() {
      return null;
    }

    @Override
    public Collection<String> getTopics() {
      return List.of("payment-stream");
    }

    @Override
    public TopicPartitionOffset[] getTopicPartitionsToAssign() {
      return new TopicPartitionOffset[0];
    }

    @Override
    public Pattern getTopicPattern() {
      return null;
    }

    @Override
    public String getClientIdPrefix() {
      return null;
    }

    @Override
    public Integer getConcurrency() {
      return null;
    }

    @Override
    public Boolean getAutoStartup() {
      return false;
    }

    @Override
    public void setupListenerContainer(
        MessageListenerContainer container, MessageConverter messageConverter) {
      container.setupMessageListener((MessageListener<Object, Object>) record -> {});
    }

    @Override
    public boolean isSplitIterables() {
      return true;
    }
  }

  @Test
  void staysOffWithoutSpringKafka() {
    runner
        .withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
        .run(context -> assertThat(context).doesNotHaveBean(EventPublisher.class));
  }

  @Test
  void namesTheDeadLetterTopicAfterTopicAndGroup() {
    assertThat(DeadLetterProducer.deadLetterTopic("payment-stream", "fds"))
        .isEqualTo(Topics.PAYMENT_STREAM.deadLetter("fds"))
        .isEqualTo("payment-stream-fds-dlt");
    assertThat(DeadLetterProducer.deadLetterTopic("other", "g")).isEqualTo("other-g-dlt");
  }
}
