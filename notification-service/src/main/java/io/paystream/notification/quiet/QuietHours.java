package io.paystream.notification.quiet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A daily window, in a time zone, during which non-urgent messages are held back. The window may
 * cross midnight ({@code 21:00–08:00}). Start is inclusive, end exclusive; {@code start == end}
 * means no quiet hours.
 *
 * @param start local time the window opens
 * @param end local time the window closes
 * @param zone the time zone the local times are in
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

  public QuietHours {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(zone, "zone");
  }

  /**
   * When a non-urgent message asked for at {@code now} may be sent.
   *
   * @return empty when {@code now} is outside the window (send now), else the instant the window
   *     closes
   */
  public Optional<Instant> deferUntil(Instant now) {
    if (start.equals(end)) {
      return Optional.empty();
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    LocalDate date = local.toLocalDate();
    boolean crossesMidnight = start.isAfter(end);
    if (!crossesMidnight) {
      if (!time.isBefore(start) && time.isBefore(end)) {
        return Optional.of(date.atTime(end).atZone(zone).toInstant());
      }
      return Optional.empty();
    }
    if (!time.isBefore(start)) { // evening part: window closes tomorrow
      return Optional.of(date.plusDays(1).atTime(end).atZone(zone).toInstant());
    }
    if (time.isBefore(end)) { // early-morning part: closes today
      return Optional.of(date.atTime(end).atZone(zone).toInstant());
    }
    return Optional.empty();
  }
}
