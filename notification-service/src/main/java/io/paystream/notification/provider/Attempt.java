package io.paystream.notification.provider;

import java.time.Instant;

/**
 * One provider call of a delivery.
 *
 * @param succeeded whether the provider accepted the message
 * @param providerMessageId the provider's id when accepted, else {@code null}
 * @param error the failure when refused, else {@code null}
 * @param at when the call ended
 */
public record Attempt(boolean succeeded, String providerMessageId, Throwable error, Instant at) {}
