package io.paystream.notification.contact;

import io.paystream.contracts.event.NotificationChannel;
import java.util.Optional;

/**
 * Picks the channel and address for a request. An explicit channel uses that channel's address;
 * {@code PREFERRED} takes the first the customer has of push, SMS, email (push is free and instant,
 * SMS reaches any phone, email is the slowest to be read).
 */
public final class ChannelSelector {

  private ChannelSelector() {}

  /**
   * A channel with its address.
   *
   * @param channel SMS, PUSH or EMAIL
   * @param address E.164 number, push token or email address
   */
  public record Route(NotificationChannel channel, String address) {}

  /** The route, or empty when the customer has no address for the asked channel. */
  public static Optional<Route> select(NotificationChannel asked, Contact contact) {
    return switch (asked) {
      case SMS -> route(NotificationChannel.SMS, contact.phoneE164());
      case PUSH -> route(NotificationChannel.PUSH, contact.pushToken());
      case EMAIL -> route(NotificationChannel.EMAIL, contact.email());
      case PREFERRED ->
          route(NotificationChannel.PUSH, contact.pushToken())
              .or(() -> route(NotificationChannel.SMS, contact.phoneE164()))
              .or(() -> route(NotificationChannel.EMAIL, contact.email()));
    };
  }

  private static Optional<Route> route(NotificationChannel channel, String address) {
    return address == null || address.isBlank()
        ? Optional.empty()
        : Optional.of(new Route(channel, address));
  }
}
