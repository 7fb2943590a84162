package io.paystream.payment.registry;

/**
 * A cardholder in the registry.
 *
 * @param customerId caller-chosen id
 * @param name display name
 * @param phoneE164 mobile number in E.164 ({@code +14155550100}), for SMS verification
 * @param email e-mail address, or {@code null}
 * @param pushToken push (FCM) registration token, or {@code null}
 * @param locale preferred locale, BCP 47 language (and region), e.g. {@code en}, {@code ko-KR}
 */
public record Customer(
    String customerId,
    String name,
    String phoneE164,
    String email,
    String pushToken,
    String locale) {}
