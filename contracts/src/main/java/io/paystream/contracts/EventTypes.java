package io.paystream.contracts;

import io.paystream.contracts.event.ActivityRecorded;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.VerificationCompleted;
import io.paystream.contracts.event.VerificationRequested;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of ARCHITECTURE §4. */
public final class EventTypes {

  public static final EventType<PaymentRequested> PAYMENT_REQUESTED =
      new EventType<>("payment.requested.v1", PaymentRequested.class);
  public static final EventType<PaymentDecided> PAYMENT_DECIDED =
      new EventType<>("payment.decided.v1", PaymentDecided.class);
  public static final EventType<VerificationRequested> VERIFICATION_REQUESTED =
      new EventType<>("verification.requested.v1", VerificationRequested.class);
  public static final EventType<VerificationCompleted> VERIFICATION_COMPLETED =
      new EventType<>("verification.completed.v1", VerificationCompleted.class);
  public static final EventType<NotificationRequested> NOTIFICATION_REQUESTED =
      new EventType<>("notification.requested.v1", NotificationRequested.class);
  public static final EventType<ActivityRecorded> ACTIVITY_RECORDED =
      new EventType<>("activity.recorded.v1", ActivityRecorded.class);

  /** All types, in the order of ARCHITECTURE §4. */
  public static final List<EventType<?>> ALL =
      List.of(
          PAYMENT_REQUESTED,
          PAYMENT_DECIDED,
          VERIFICATION_REQUESTED,
          VERIFICATION_COMPLETED,
          NOTIFICATION_REQUESTED,
          ACTIVITY_RECORDED);

  private static final Map<String, EventType<?>> BY_CE_TYPE =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));
  private static final Map<Class<?>, EventType<?>> BY_CLASS =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

  private EventTypes() {}

  /** The type with this CloudEvents {@code type}, if paystream knows it. */
  public static Optional<EventType<?>> byCeType(String ceType) {
    return Optional.ofNullable(BY_CE_TYPE.get(ceType));
  }

  /**
   * The type whose data is this record class.
   *
   * @throws IllegalArgumentException if the class is not an event data record
   */
  @SuppressWarnings("unchecked")
  public static <T extends Record> EventType<T> forDataClass(Class<T> dataClass) {
    EventType<?> type = BY_CLASS.get(dataClass);
    if (type == null) {
      throw new IllegalArgumentException(dataClass.getName() + " is not a paystream event type");
    }
    return (EventType<T>) type;
  }
}
