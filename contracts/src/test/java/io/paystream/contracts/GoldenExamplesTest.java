package io.paystream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.contracts.serde.EventJson;
import io.paystream.contracts.serde.EventSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class GoldenExamplesTest {

  static Stream<EventType<?>> types() {
    return EventTypes.ALL.stream();
  }

  static JsonNode example(EventType<?> type) throws IOException {
    try (InputStream in = GoldenExamplesTest.class.getResourceAsStream(type.exampleResource())) {
      assertThat(in).as("golden example %s", type.exampleResource()).isNotNull();
      return EventJson.mapper().readTree(in);
    }
  }

  @ParameterizedTest
  @MethodSource("types")
  void goldenExampleValidatesAgainstItsSchema(EventType<?> type) throws IOException {
    assertThat(EventSchemas.violations(type, example(type))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("types")
  void goldenExampleBindsAndWritesBackUnchanged(EventType<?> type) throws IOException {
    JsonNode golden = example(type);

    Record data = EventJson.mapper().treeToValue(golden, type.dataClass());
    JsonNode written = EventJson.mapper().readTree(EventJson.mapper().writeValueAsBytes(data));

    assertThat(written).isEqualTo(golden);
  }

  @ParameterizedTest
  @MethodSource("types")
  void goldenExampleSurvivesTheKafkaSerdeRoundTrip(EventType<?> type) throws IOException {
    Record data = EventJson.mapper().treeToValue(example(type), type.dataClass());
    Event<?> sent =
        new Event<>(
            "evt-1",
            URI.create("/paystream/test"),
            castType(type),
            OffsetDateTime.parse("2026-11-21T05:05:00.412Z"),
            "subject-1",
            data);
    CloudEventKafkaSerializer serializer = new CloudEventKafkaSerializer();
    serializer.configure(Map.of(CloudEventKafkaSerializer.VALIDATE_CONFIG, "true"), false);
    CloudEventKafkaDeserializer deserializer = new CloudEventKafkaDeserializer();
    deserializer.configure(Map.of(), false);
    RecordHeaders headers = new RecordHeaders();

    byte[] value = serializer.serialize("t", headers, sent);
    Event<?> received = deserializer.deserialize("t", headers, value);

    assertThat(new String(headers.lastHeader("ce_type").value()))
        .isEqualTo("paystream." + type.name());
    assertThat(headers.lastHeader("ce_id")).isNotNull();
    assertThat(received).isEqualTo(sent);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static EventType castType(EventType<?> type) {
    return type;
  }
}
