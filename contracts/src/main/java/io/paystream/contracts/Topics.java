package io.paystream.contracts;

import io.paystream.contracts.event.ActivityRecorded;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.VerificationCompleted;
import io.paystream.contracts.event.VerificationRequested;
import java.util.List;
import java.util.Optional;

/** The topic registry: every topic of ARCHITECTURE §4 with its key, event type and partitions. */
public final class Topics {

  public static final Topic<PaymentRequested> PAYMENT_STREAM =
      Topic.of("payment-stream", "cardToken", EventTypes.PAYMENT_REQUESTED, 6, 24);
  public static final Topic<PaymentDecided> PAYMENT_DECISIONS =
      Topic.of("payment-decisions", "cardToken", EventTypes.PAYMENT_DECIDED, 6, 24);
  public static final Topic<VerificationRequested> VERIFICATION_REQUESTS =
      Topic.of("verification-requests", "cardToken", EventTypes.VERIFICATION_REQUESTED, 3, 12);
  public static final Topic<VerificationCompleted> VERIFICATION_RESULTS =
      Topic.of("verification-results", "cardToken", EventTypes.VERIFICATION_COMPLETED, 3, 12);
  public static final Topic<NotificationRequested> NOTIFICATIONS =
      Topic.of("notifications", "customerId", EventTypes.NOTIFICATION_REQUESTED, 3, 12);
  public static final Topic<ActivityRecorded> USER_ACTIVITY =
      Topic.of("user-activity", "subject", EventTypes.ACTIVITY_RECORDED, 3, 12);

  /** All main topics (retry and dead-letter topics are derived per consumer group). */
  public static final List<Topic<?>> ALL =
      List.of(
          PAYMENT_STREAM,
          PAYMENT_DECISIONS,
          VERIFICATION_REQUESTS,
          VERIFICATION_RESULTS,
          NOTIFICATIONS,
          USER_ACTIVITY);

  /**
   * Consumer groups per topic as the fleet runs them: used to create their dead-letter topics up
   * front so a DLT exists before its first record.
   */
  public static final List<Subscription> SUBSCRIPTIONS =
      List.of(
          new Subscription(PAYMENT_STREAM, "fds"),
          new Subscription(PAYMENT_STREAM, "loyalty"),
          new Subscription(PAYMENT_STREAM, "benefit"),
          new Subscription(PAYMENT_DECISIONS, "payment-api"),
          new Subscription(PAYMENT_DECISIONS, "loyalty"),
          new Subscription(VERIFICATION_REQUESTS, "verification"),
          new Subscription(VERIFICATION_RESULTS, "fds"),
          new Subscription(NOTIFICATIONS, "notification"));

  private Topics() {}

  /** The registered topic with this name, if any. */
  public static Optional<Topic<?>> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * A consumer group reading a topic.
   *
   * @param topic the topic
   * @param group the consumer group id
   */
  public record Subscription(Topic<?> topic, String group) {

    /** This subscription's dead-letter topic. */
    public String deadLetterTopic() {
      return topic.deadLetter(group);
    }
  }
}
