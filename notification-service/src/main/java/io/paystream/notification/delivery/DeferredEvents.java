package io.paystream.notification.delivery;

import io.paystream.contracts.Event;
import io.paystream.contracts.EventTypes;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.serde.EventJson;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The JSON kept in {@code deliveries.deferred_event} while a delivery waits for quiet hours to end:
 * {@code {"id", "source", "subject", "time", "data": <notification.requested.v1>}}.
 */
public final class DeferredEvents {

  private DeferredEvents() {}

  /** Writes an event as stored JSON. */
  public static String toJson(Event<NotificationRequested> event) {
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("id", event.id());
    stored.put("source", event.source().toString());
    stored.put("subject", event.subject());
    stored.put("time", event.time().toString());
    stored.put("data", event.data());
    return EventJson.mapper().writeValueAsString(stored);
  }

  /** Reads stored JSON back into the event. */
  public static Event<NotificationRequested> fromJson(String json) {
    JsonNode node = EventJson.mapper().readTree(json);
    NotificationRequested data =
        EventJson.mapper().treeToValue(node.get("data"), NotificationRequested.class);
    JsonNode subject = node.get("subject");
    return new Event<>(
        node.get("id").asString(),
        URI.create(node.get("source").asString()),
        EventTypes.NOTIFICATION_REQUESTED,
        OffsetDateTime.parse(node.get("time").asString()),
        subject == null || subject.isNull() ? null : subject.asString(),
        data);
  }
}
