package io.paystream.contracts.event;

/** Delivery channel asked for a notification. */
public enum NotificationChannel {
  SMS,
  PUSH,
  EMAIL,
  /** The customer's preferred channel, resolved by notification-service. */
  PREFERRED
}
