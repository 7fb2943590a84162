package io.paystream.contracts;

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
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class EventRejectionTest {

  private final CloudEventKafkaDeserializer deserializer = new CloudEventKafkaDeserializer();

  @Test
  void rejectsMissingRequiredFieldNamingIt() throws IOException {
    ObjectNode data = paymentRequestedExample();
    data.remove("amountMinor");

    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("amountMinor");
  }

  @Test
  void rejectsWrongTypeNamingTheField() throws IOException {
    ObjectNode data = paymentRequestedExample();
    data.put("amountMinor", "forty-five thousand");

    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("amountMinor")
        .hasMessageContaining("string");
  }

  @Test
  void rejectsNestedFieldViolationNamingThePath() throws IOException {
    ObjectNode data = paymentRequestedExample();
    ((ObjectNode) data.get("location")).put("lat", 123.0);

    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", data.toString()))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("location")
        .hasMessageContaining("lat");
  }

  @Test
  void rejectsUnknownCeTypeNamingIt() {
    assertThatThrownBy(() -> receive("com.example.SomeJavaClass", "{}"))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("unknown ce_type 'com.example.SomeJavaClass'");
  }

  @Test
  void rejectsRecordWithoutCloudEventsHeaders() {
    RecordHeaders headers = new RecordHeaders();
    byte[] value = "{}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> deserializer.deserialize("payment-stream", headers, value))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("not a CloudEvent");
  }

  @Test
  void rejectsDataThatIsNotJson() {
    assertThatThrownBy(() -> receive("paystream.payment.requested.v1", "amount=12"))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("does not bind");
  }

  private void receive(String ceType, String json) {
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
    deserializer.deserialize("payment-stream", headers, value);
  }

  private static ObjectNode paymentRequestedExample() throws IOException {
    try (InputStream in =
        EventRejectionTest.class.getResourceAsStream(
            EventTypes.PAYMENT_REQUESTED.exampleResource())) {
      return (ObjectNode) EventJson.mapper().readTree(in);
    }
  }
}
