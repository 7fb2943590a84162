package io.paystream.notification.template;

import java.util.Locale;

/**
 * A template rendered for one recipient in one language.
 *
 * @param templateId the template id, e.g. {@code payment-approved}
 * @param locale the language it was rendered in (a supported one; may differ from the one asked)
 * @param subject short title: push notification title and email subject
 * @param text plain text: SMS body, push body and the email's text part
 * @param html the email's HTML part (parameters HTML-escaped)
 */
public record RenderedMessage(
    String templateId, Locale locale, String subject, String text, String html) {}
