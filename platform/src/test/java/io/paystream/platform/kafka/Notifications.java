package io.paystream.platform.kafka;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test events: a {@code notification.requested.v1} whose template says what the listener does. */
final class Notifications {

  private Notifications() {}

  /** An event with a fresh id; {@code templateId} drives the test listener's behaviour. */
  static Event<NotificationRequested> event(String customerId, String templateId) {
    String id = UUID.randomUUID().toString();
    NotificationRequested data =
        new NotificationRequested(
            id,
            "it:" + id,
            customerId,
            NotificationChannel.SMS,
            templateId,
            "en",
            Map.of("amount", "23.50 USD"),
            false,
            null,
            Instant.parse("2026-11-21T05:35:01.200Z"));
    return Event.of(id, Event.sourceOf("platform-it"), id, data);
  }
}
