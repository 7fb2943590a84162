package io.paystream.notification.provider;

import io.paystream.contracts.event.NotificationChannel;
import io.paystream.notification.template.RenderedMessage;
import reactor.core.publisher.Mono;

/** Sends a rendered message over one channel. Implementations make one attempt per subscription. */
public interface NotificationProvider {

  /** The channel this provider serves (never {@code PREFERRED}). */
  NotificationChannel channel();

  /**
   * Sends one message.
   *
   * @param recipient E.164 phone number, push registration token or email address
   * @param message the rendered message
   * @return the provider's message id; errors with {@link TransientProviderException} or {@link
   *     PermanentProviderException}
   */
  Mono<String> send(String recipient, RenderedMessage message);
}
