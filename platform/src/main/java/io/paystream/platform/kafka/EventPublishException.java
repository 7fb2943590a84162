package io.paystream.platform.kafka;

/**
 * An event could not be handed to Kafka: the broker is unreachable, did not acknowledge within
 * {@code paystream.kafka.send-timeout}, or refused the record. The outcome is unknown (the record
 * may still arrive later), so a caller answers 503 with {@code Retry-After} and a retry with the
 * same event id is de-duplicated by consumers. The platform's WebFlux problem handler renders it as
 * a 503 {@code https://paystream.io/problems/event-bus-unavailable}.
 */
public class EventPublishException extends RuntimeException {

  private final String topic;

  public EventPublishException(String topic, String message, Throwable cause) {
    super(message, cause);
    this.topic = topic;
  }

  /** The topic the event was meant for. */
  public String topic() {
    return topic;
  }
}
