package io.paystream.contracts.serde;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.paystream.contracts.Event;
import io.paystream.contracts.EventType;
import io.paystream.contracts.EventTypes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Kafka deserializer reading a CloudEvents 1.0 binary-mode record into an {@link Event} with typed
 * data, using the CloudEvents Java SDK for the envelope.
 *
 * <p>Rejects, with {@link EventRejectedException} naming the field: a record without CloudEvents
 * headers, an unknown {@code ce_type}, data that is not JSON, and data that does not bind to the
 * record (a wrong JSON type, an unknown enum constant, an unparsable time, a property the schema
 * requires that is absent, {@code null} for a number). With {@value #VALIDATE_CONFIG} {@code true}
 * (the default of this class) the data is also validated against the type's JSON Schema first
 * (value ranges, patterns, lengths, explicit {@code null}s); the data is then read as a tree,
 * validated and bound from the tree. With it {@code false} the bytes are bound to the record in one
 * parse, no tree: about a third of the deserializer's cost on a hot consumer (docs/performance.md).
 * The platform sets it from {@code paystream.kafka.consumer.schema-validation} (off in services, on
 * with the {@code test} profile). Wrap it in Spring Kafka's {@code ErrorHandlingDeserializer} so a
 * rejected record goes to the dead-letter topic with its reason.
 */
public class CloudEventKafkaDeserializer implements Deserializer<Event<?>> {

  /**
   * Consumer config key: validate incoming data against its JSON Schema ({@code true}/{@code
   * false}; default {@code true}).
   */
  public static final String VALIDATE_CONFIG = "paystream.events.validate";

  private final CloudEventDeserializer delegate = new CloudEventDeserializer();
  private boolean validate = true;

  public CloudEventKafkaDeserializer() {
    delegate.configure(Map.of(), false);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    Object flag = configs.get(VALIDATE_CONFIG);
    validate = flag == null || Boolean.parseBoolean(flag.toString());
  }

  @Override
  public Event<?> deserialize(String topic, byte[] data) {
    throw new UnsupportedOperationException(
        "CloudEvents binary mode needs record headers: use deserialize(topic, headers, data)");
  }

  @Override
  public Event<?> deserialize(String topic, Headers headers, byte[] value) {
    if (value == null) {
      return null; // tombstone
    }
    CloudEvent cloudEvent;
    try {
      cloudEvent = delegate.deserialize(topic, headers, value);
    } catch (RuntimeException e) {
      throw new EventRejectedException("record on " + topic + " is not a CloudEvent", e);
    }
    EventType<?> type =
        EventTypes.byCeType(cloudEvent.getType())
            .orElseThrow(
                () ->
                    new EventRejectedException(
                        "unknown ce_type '" + cloudEvent.getType() + "' on " + topic, List.of()));
    return toEvent(type, cloudEvent);
  }

  private <T extends Record> Event<T> toEvent(EventType<T> type, CloudEvent cloudEvent) {
    CloudEventData payload = cloudEvent.getData();
    if (payload == null) {
      throw new EventRejectedException(
          "event " + cloudEvent.getId() + " of type " + type.ceType() + " has no data", List.of());
    }
    T data;
    try {
      if (validate) {
        JsonNode tree = EventJson.mapper().readTree(payload.toBytes());
        List<String> violations = EventSchemas.violations(type, tree);
        if (!violations.isEmpty()) {
          throw new EventRejectedException(
              "event " + cloudEvent.getId() + " of type " + type.ceType() + " is invalid",
              violations);
        }
        data = EventJson.mapper().treeToValue(tree, type.dataClass());
      } else {
        data = EventJson.mapper().readValue(payload.toBytes(), type.dataClass()); // one parse
      }
    } catch (JacksonException | IllegalArgumentException e) {
      throw new EventRejectedException(
          "event " + cloudEvent.getId() + " of type " + type.ceType() + " does not bind", e);
    }
    return event(cloudEvent, type, data);
  }

  private static <T extends Record> Event<T> event(
      CloudEvent cloudEvent, EventType<T> type, T data) {
    OffsetDateTime time =
        cloudEvent.getTime() != null
            ? cloudEvent.getTime()
            : OffsetDateTime.now(ZoneOffset.UTC); // ce_time is optional in CloudEvents 1.0
    return new Event<>(
        cloudEvent.getId(), cloudEvent.getSource(), type, time, cloudEvent.getSubject(), data);
  }
}
