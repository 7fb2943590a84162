package io.paystream.notification.contact;

/**
 * A customer's contacts, read from the registry's read-only view {@code
 * registry.customer_contacts}.
 *
 * @param customerId the customer
 * @param name display name
 * @param phoneE164 mobile number in E.164 ({@code +14155550100}), or {@code null}
 * @param email email address, or {@code null}
 * @param pushToken FCM registration token, or {@code null}
 * @param locale BCP 47 language tag, or {@code null}
 */
public record Contact(
    String customerId,
    String name,
    String phoneE164,
    String email,
    String pushToken,
    String locale) {}
