package io.paystream.notification.quiet;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a notification is held back by the quiet hours of its language. Urgent
 * notifications (the request's {@code urgent} flag, or a template that is always urgent such as a
 * verification challenge) are never deferred.
 *
 * @param byLanguage quiet hours per ISO 639 language code; a language without an entry has none
 * @param alwaysUrgentTemplates template ids never deferred whatever the request says
 */
public record QuietHoursPolicy(
    Map<String, QuietHours> byLanguage, Set<String> alwaysUrgentTemplates) {

  public QuietHoursPolicy {
    byLanguage = Map.copyOf(byLanguage);
    alwaysUrgentTemplates = Set.copyOf(alwaysUrgentTemplates);
  }

  /**
   * @param language the resolved language of the message
   * @param templateId the template
   * @param urgent the request's urgency flag
   * @param now the current instant
   * @return empty to send now, else the instant from which the message may be sent
   */
  public Optional<Instant> deferUntil(
      String language, String templateId, boolean urgent, Instant now) {
    if (urgent || alwaysUrgentTemplates.contains(templateId)) {
      return Optional.empty();
    }
    QuietHours hours = byLanguage.get(language);
    return hours == null ? Optional.empty() : hours.deferUntil(now);
  }
}
