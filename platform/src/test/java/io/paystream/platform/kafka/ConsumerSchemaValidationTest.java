package io.paystream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import io.paystream.contracts.Event;
import io.paystream.contracts.EventTypes;
import io.paystream.contracts.serde.EventJson;
import io.paystream.platform.PlatformDefaultsEnvironmentPostProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code paystream.kafka.consumer.schema-validation}: off in a service, on with the {@code test}
 * profile; with it off a malformed record still reaches the error handler as a bad record (→ DLT
 * with its reason). The consumer's deserializer is built exactly as Boot's consumer factory builds
 * it, from {@code KafkaProperties.buildConsumerProperties()} with the platform defaults.
 */
class ConsumerSchemaValidationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(
              context ->
                  new PlatformDefaultsEnvironmentPostProcessor()
                      .postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
          .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class));

  @Test
  void offInAServiceAndAMalformedRecordIsStillABadRecordWithItsReason() throws IOException {
    ObjectNode missingAmount = example();
    missingAmount.remove("amountMinor");

    runner.run(
        context -> {
          Map<String, Object> consumer =
              context.getBean(KafkaProperties.class).buildConsumerProperties();
          assertThat(consumer).containsEntry("paystream.events.validate", "false");

          Received bad = receive(consumer, missingAmount.toString());

          assertThat(bad.event()).isNull();
          DeserializationException failure = bad.failure().orElseThrow();
          assertThat(ConsumerFailures.classify(failure))
              .isEqualTo(ConsumerFailures.Kind.BAD_RECORD);
          assertThat(failure.getCause().getMessage())
              .as("the reason the dead letter carries")
              .contains("does not bind")
              .contains("'amountMinor'");
          assertThat(failure.getData())
              .as("the original bytes, for the dead letter")
              .isEqualTo(missingAmount.toString().getBytes(StandardCharsets.UTF_8));

          Received wrongType = receive(consumer, example().put("channel", 7.5).toString());
          assertThat(wrongType.failure()).isPresent();
        });
  }

  @Test
  void offInAServiceValueConstraintsAreNotChecked() throws IOException {
    String negative = example().put("amountMinor", -5).toString();

    runner.run(
        context -> {
          Received received =
              receive(context.getBean(KafkaProperties.class).buildConsumerProperties(), negative);
          assertThat(received.failure()).isEmpty();
          assertThat(received.event()).isNotNull();
        });
    runner
        .withPropertyValues("paystream.kafka.consumer.schema-validation=true")
        .run(
            context -> {
              Received received =
                  receive(
                      context.getBean(KafkaProperties.class).buildConsumerProperties(), negative);
              assertThat(received.failure().orElseThrow().getCause().getMessage())
                  .contains("is invalid")
                  .contains("amountMinor");
            });
  }

  @Test
  void onWithTheTestProfile() {
    runner
        .withPropertyValues("spring.profiles.active=test")
        .run(
            context ->
                assertThat(context.getBean(KafkaProperties.class).buildConsumerProperties())
                    .containsEntry("paystream.events.validate", "true"));
  }

  private record Received(Event<?> event, Optional<DeserializationException> failure) {}

  private static Received receive(Map<String, Object> consumerProperties, String json) {
    RecordHeaders headers = new RecordHeaders();
    CloudEventSerializer raw = new CloudEventSerializer();
    raw.configure(Map.of(), false);
    byte[] value =
        raw.serialize(
            "payment-stream",
            headers,
            CloudEventBuilder.v1()
                .withId("evt-1")
                .withSource(URI.create("/test"))
                .withType(EventTypes.PAYMENT_REQUESTED.ceType())
                .withDataContentType("application/json")
                .withData(json.getBytes(StandardCharsets.UTF_8))
                .build());
    try (ErrorHandlingDeserializer<Object> deserializer = new ErrorHandlingDeserializer<>()) {
      deserializer.configure(consumerProperties, false);
      Object event = deserializer.deserialize("payment-stream", headers, value);
      ConsumerRecord<String, Object> record =
          new ConsumerRecord<>(
              "payment-stream",
              0,
              0L,
              0L,
              TimestampType.CREATE_TIME,
              0,
              value.length,
              "k",
              event,
              headers,
              Optional.empty());
      DeserializationException failure =
          SerializationUtils.getExceptionFromHeader(
              record,
              SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
              new LogAccessor(ConsumerSchemaValidationTest.class));
      return new Received((Event<?>) event, Optional.ofNullable(failure));
    }
  }

  private static ObjectNode example() throws IOException {
    try (InputStream in =
        EventTypes.class.getResourceAsStream(EventTypes.PAYMENT_REQUESTED.exampleResource())) {
      return (ObjectNode) EventJson.mapper().readTree(in);
    }
  }
}
