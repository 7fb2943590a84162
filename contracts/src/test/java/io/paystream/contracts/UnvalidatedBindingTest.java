package io.paystream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.contracts.serde.EventJson;
import io.paystream.contracts.serde.EventRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deserializer with schema validation off ({@code paystream.events.validate=false}, the hot
 * consumers' setting): one parse straight to the record, and a malformed record is still an {@link
 * EventRejectedException} (a Kafka {@link SerializationException}: the consumer's error handler
 * dead-letters it at once) whose message gives the reason.
 */
class UnvalidatedBindingTest {

  private final CloudEventKafkaDeserializer deserializer = new CloudEventKafkaDeserializer();

  UnvalidatedBindingTest() {
    deserializer.configure(Map.of(CloudEventKafkaDeserializer.VALIDATE_CONFIG, "false"), false);
  }

  /** Every (type, top-level property its schema requires). */
  static Stream<Arguments> requiredProperties() throws IOException {
    List<Arguments> all = new ArrayList<>();
    for (EventType<?> type : EventTypes.ALL) {
      for (JsonNode name : schema(type).path("required")) {
        all.add(Arguments.of(type, name.asString()));
      }
    }
    return all.stream();
  }

  static Stream<EventType<?>> types() {
    return EventTypes.ALL.stream();
  }

  @ParameterizedTest(name = "{0} without {1}")
  @MethodSource("requiredProperties")
  void aMissingRequiredPropertyIsRejectedNamingIt(EventType<?> type, String property)
      throws IOException {
    ObjectNode data = example(type);
    data.remove(property);

    assertThatThrownBy(() -> receive(type.ceType(), data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("does not bind")
        .hasMessageContaining("'" + property + "'");
  }

  @ParameterizedTest
  @MethodSource("types")
  void theGoldenExampleAndItsRequiredCoreBind(EventType<?> type) throws IOException {
    ObjectNode full = example(type);
    ObjectNode minimal = requiredOnly(full, schema(type));

    assertThat(receive(type.ceType(), full.toString()).data())
        .isEqualTo(EventJson.mapper().treeToValue(full, type.dataClass()));
    assertThat(receive(type.ceType(), minimal.toString()).data()).isNotNull();
  }

  @Test
  void aMissingNestedRequiredPropertyIsRejected() throws IOException {
    ObjectNode data = example(EventTypes.PAYMENT_REQUESTED);
    ((ObjectNode) data.get("card")).remove("token");

    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("'token'");
  }

  @Test
  void aWrongTypeIsRejected() throws IOException {
    ObjectNode data = example(EventTypes.PAYMENT_REQUESTED);
    data.put("amountMinor", "forty-five thousand");

    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("does not bind")
        .hasMessageContaining("amountMinor");
  }

  @Test
  void anUnknownEnumConstantIsRejected() throws IOException {
    ObjectNode data = example(EventTypes.PAYMENT_REQUESTED);
    data.put("channel", "CARRIER_PIGEON");

    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("CARRIER_PIGEON");
  }

  @Test
  void nullForANumberIsRejected() throws IOException {
    ObjectNode data = example(EventTypes.PAYMENT_REQUESTED);
    data.putNull("amountMinor");

    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("amountMinor");
  }

  @Test
  void dataThatIsNotJsonOrHasTrailingTokensIsRejected() throws IOException {
    String valid = example(EventTypes.PAYMENT_REQUESTED).toString();

    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", "amount=12"))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("does not bind");
    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", valid + " {}"))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("does not bind");
  }

  @Test
  void anUnknownTypeIsRejected() {
    assertThatThrownBy(() -> receive("com.example.SomeJavaClass", "{}"))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("unknown ce_type");
  }

  @Test
  void valueConstraintsAreLeftToSchemaValidation() throws IOException {
    ObjectNode data = example(EventTypes.PAYMENT_REQUESTED);
    data.put("amountMinor", -5);

    // what an operator gives up with validation off: ranges, patterns, lengths
    assertThat(receive("paystream.payment.requested.v1", data.toString()).data()).isNotNull();
    CloudEventKafkaDeserializer validating = new CloudEventKafkaDeserializer();
    validating.configure(Map.of(), false);
    assertThatThrownBy(() -> receive(validating, "paystream.payment.requested.v1", data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("amountMinor");
  }

  private Event<?> receive(String ceType, String json) {
    return receive(deserializer, ceType, json);
  }

  private static Event<?> receive(
      CloudEventKafkaDeserializer deserializer, String ceType, String json) {
    CloudEventSerializer raw = new CloudEventSerializer();
    raw.configure(Map.of(), false);
    RecordHeaders headers = new RecordHeaders();
    byte[] value =
        raw.serialize(
            "payment-stream",
            headers,
            CloudEventBuilder.v1()
                .withId("evt-bad")
                .withSource(URI.create("/test"))
                .withType(ceType)
                .withDataContentType("application/json")
                .withData(json.getBytes(StandardCharsets.UTF_8))
                .build());
    return deserializer.deserialize("payment-stream", headers, value);
  }

  /** The example with only what the schema requires, at every object level. */
  private static ObjectNode requiredOnly(ObjectNode data, JsonNode schema) {
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(n -> required.add(n.asString()));
    ObjectNode out = data.objectNode();
    for (String name : required) {
      JsonNode value = data.get(name);
      if (value == null) {
        continue;
      }
      JsonNode property = schema.path("properties").path(name);
      out.set(
          name,
          value instanceof ObjectNode object && property.has("properties")
              ? requiredOnly(object, property)
              : value);
    }
    return out;
  }

  private static ObjectNode example(EventType<?> type) throws IOException {
    return (ObjectNode) read(type.exampleResource());
  }

  private static JsonNode schema(EventType<?> type) throws IOException {
    return read(type.schemaResource());
  }

  private static JsonNode read(String resource) throws IOException {
    try (InputStream in = UnvalidatedBindingTest.class.getResourceAsStream(resource)) {
      return EventJson.mapper().readTree(in);
    }
  }
}
