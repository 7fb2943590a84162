package io.paystream.contracts.serde;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import io.paystream.contracts.Event;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing an {@link Event} as a CloudEvents 1.0 binary-mode record with the
 * CloudEvents Java SDK: {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time}, {@code
 * ce_subject}, {@code ce_dataschema} and {@code content-type} headers; the data as JSON in the
 * value.
 *
 * <p>Config {@value #VALIDATE_CONFIG} ({@code false} by default) also validates the data against
 * the type's JSON Schema before sending and throws {@link EventRejectedException} on a violation.
 */
public class CloudEventKafkaSerializer implements Serializer<Event<?>> {

  /**
   * Producer config key: validate outgoing data against its schema ({@code true}/{@code false}).
   */
  public static final String VALIDATE_CONFIG = "paystream.events.validate";

  private static final String CONTENT_TYPE = "application/json";

  private final CloudEventSerializer delegate = new CloudEventSerializer();
  private boolean validate;

  public CloudEventKafkaSerializer() {
    delegate.configure(Map.of(), false);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (isKey) {
      throw new IllegalArgumentException("CloudEventKafkaSerializer serializes values, not keys");
    }
    Object flag = configs.get(VALIDATE_CONFIG);
    validate = flag != null && Boolean.parseBoolean(flag.toString());
  }

  @Override
  public byte[] serialize(String topic, Event<?> event) {
    throw new UnsupportedOperationException(
        "CloudEvents binary mode needs record headers: use serialize(topic, headers, event)");
  }

  @Override
  public byte[] serialize(String topic, Headers headers, Event<?> event) {
    if (event == null) {
      return null;
    }
    if (validate) {
      List<String> violations =
          EventSchemas.violations(event.type(), EventJson.mapper().valueToTree(event.data()));
      if (!violations.isEmpty()) {
        throw new EventRejectedException(
            "event " + event.id() + " of type " + event.type().ceType() + " is invalid",
            violations);
      }
    }
    byte[] data = EventJson.mapper().writeValueAsBytes(event.data());
    CloudEvent cloudEvent =
        CloudEventBuilder.v1()
            .withId(event.id())
            .withSource(event.source())
            .withType(event.type().ceType())
            .withTime(event.time())
            .withSubject(event.subject())
            .withDataSchema(URI.create("urn:paystream:schema:" + event.type().name()))
            .withDataContentType(CONTENT_TYPE)
            .withData(data)
            .build();
    return delegate.serialize(topic, headers, cloudEvent);
  }
}
