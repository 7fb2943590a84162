package io.paystream.notification.kafka;

import io.paystream.contracts.Event;
import io.paystream.contracts.EventTypes;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.notification.NotificationProperties;
import io.paystream.notification.delivery.DeliveryOutcome;
import io.paystream.notification.delivery.DeliveryService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code notifications} (group {@code notification}) and its retry topics. Each record is
 * handled to the end (delivery row committed) on the consumer thread before its offset is
 * committed; a transient failure moves the record to the next retry topic, a permanent one to
 * {@code notifications-notification-dlt}.
 */
@Component
public class NotificationListener {

  /** Header set on records re-published from the DLT: a {@code FAILED} row may be retried. */
  public static final String REPLAY_HEADER = "paystream-replay";

  private final DeliveryService deliveries;
  private final NotificationProperties properties;

  public NotificationListener(DeliveryService deliveries, NotificationProperties properties) {
    this.deliveries = deliveries;
    this.properties = properties;
  }

  @KafkaListener(
      id = "notification",
      topics = "notifications",
      groupId = "notification",
      concurrency = "${paystream.notification.listener.concurrency}")
  public void onNotification(ConsumerRecord<String, Event<?>> record) {
    Event<?> event = record.value();
    if (event == null || !EventTypes.NOTIFICATION_REQUESTED.equals(event.type())) {
      throw new DeliveryException.Permanent(
          "bad-event",
          "record at "
              + record.topic()
              + "/"
              + record.partition()
              + "@"
              + record.offset()
              + " is not a notification.requested.v1",
          null);
    }
    @SuppressWarnings("unchecked")
    Event<NotificationRequested> request = (Event<NotificationRequested>) event;
    boolean replay = record.headers().lastHeader(REPLAY_HEADER) != null;
    DeliveryOutcome outcome =
        deliveries.deliver(request, replay).block(properties.listener().handleTimeout());
    if (outcome == null) {
      throw new DeliveryException.Retryable("timeout", "no outcome in time", null);
    }
    switch (outcome.kind()) {
      case RETRY_LATER ->
          throw new DeliveryException.Retryable(
              outcome.reason(), outcome.error().getMessage(), outcome.error());
      case FAILED ->
          throw new DeliveryException.Permanent(
              outcome.reason(), outcome.error().getMessage(), outcome.error());
      default -> {
        // SENT, DUPLICATE, DEFERRED: done, commit the offset
      }
    }
  }
}
