package io.paystream.notification.contact;

/**
 * Masks recipients for the delivery log and logs: a phone keeps its first 3 and last 2 digits
 * ({@code +14*******00}), an email its first letter and domain ({@code j***@example.com}), a push
 * token its first 6 characters.
 */
public final class RecipientMasking {

  private RecipientMasking() {}

  /** Masks a phone number, email address or push token. */
  public static String mask(String recipient) {
    if (recipient == null || recipient.isEmpty()) {
      return recipient;
    }
    int at = recipient.indexOf('@');
    if (at > 0) {
      return recipient.charAt(0) + "***" + recipient.substring(at);
    }
    if (recipient.startsWith("+") && recipient.length() > 6) {
      return recipient.substring(0, 3)
          + "*".repeat(recipient.length() - 5)
          + recipient.substring(recipient.length() - 2);
    }
    return recipient.substring(0, Math.min(6, recipient.length())) + "…";
  }
}
