package io.paystream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.Topics;
import io.paystream.platform.PlatformDefaultsEnvironmentPostProcessor;
import java.util.Map;
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
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;

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
