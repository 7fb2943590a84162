package io.paystream.verification.contact;

/**
 * How to reach a customer, from the registry's read-only view {@code registry.customer_contacts}.
 *
 * @param customerId customer id
 * @param phoneE164 mobile number in E.164 ({@code +14155550100}), or {@code null}
 * @param locale BCP 47 language tag ({@code en}, {@code ko}), or {@code null}
 */
public record Contact(String customerId, String phoneE164, String locale) {

  /** Whether an SMS can be sent: the phone looks like E.164 (+, 8 to 15 digits). */
  public boolean hasPhone() {
    return phoneE164 != null && phoneE164.matches("\\+[1-9][0-9]{7,14}");
  }
}
