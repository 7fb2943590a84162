package io.paystream.contracts.event;

import java.time.Instant;
import java.util.Map;

/**
 * {@code notification.requested.v1}: tell a customer something. Topic {@code notifications}, key =
 * {@code customerId}. notification-service delivers each {@code dedupKey} at most once.
 *
 * @param notificationId id of this request (UUID)
 * @param dedupKey business idempotency key, e.g. {@code verification-challenge:<paymentId>}: a
 *     duplicate or redelivered event with the same key never sends twice
 * @param customerId recipient; contacts are resolved by notification-service
 * @param channel channel, or {@link NotificationChannel#PREFERRED}
 * @param templateId template, e.g. {@code verification-challenge}, {@code vip-granted}, {@code
 *     benefit-tip}
 * @param locale BCP 47 language tag (e.g. {@code ko}, {@code en}); {@code null} = the customer's
 * @param parameters template parameters (already formatted for display: amounts as decimal strings
 *     with currency; never a PAN)
 * @param urgent urgent messages (verification) are never deferred by quiet hours
 * @param correlationId the business object it is about (e.g. a payment id), or {@code null}
 * @param requestedAt when it was asked
 */
public record NotificationRequested(
    String notificationId,
    String dedupKey,
    String customerId,
    NotificationChannel channel,
    String templateId,
    String locale,
    Map<String, String> parameters,
    boolean urgent,
    String correlationId,
    Instant requestedAt) {}
