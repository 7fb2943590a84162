package io.paystream.notification;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * notification-service settings (providers have their own: {@code paystream.notification.sms},
 * {@code .push}, {@code .email}).
 *
 * @param languages template languages loaded at start (ISO 639), e.g. {@code [en, ko]}
 * @param defaultLanguage language used when the request and the customer name none we support
 * @param quietHours quiet hours per language; non-urgent messages inside them are deferred
 * @param alwaysUrgentTemplates templates never deferred, whatever the request's flag says
 * @param retryTopics the non-blocking retry topics of {@code notifications}
 * @param deferral release of deferred deliveries
 * @param listener the {@code notifications} listener
 */
@Validated
@ConfigurationProperties("paystream.notification")
public record NotificationProperties(
    @NotEmpty List<String> languages,
    @NotBlank String defaultLanguage,
    @NotNull Map<String, @Valid QuietHoursWindow> quietHours,
    @NotNull Set<String> alwaysUrgentTemplates,
    @NotNull @Valid RetryTopics retryTopics,
    @NotNull @Valid Deferral deferral,
    @NotNull @Valid Listener listener) {

  /**
   * A daily quiet window.
   *
   * @param start local start time, e.g. {@code 21:00}
   * @param end local end time, e.g. {@code 08:00} (next day when before start)
   * @param zone time zone of the local times, e.g. {@code Asia/Seoul}
   */
  public record QuietHoursWindow(
      @NotNull LocalTime start, @NotNull LocalTime end, @NotNull ZoneId zone) {}

  /**
   * Retry topics {@code notifications-notification-retry-1..N}, then {@code
   * notifications-notification-dlt}.
   *
   * @param attempts total attempts including the main topic (N = attempts − 1 retry topics)
   * @param initialDelay wait before the first retry topic is consumed
   * @param multiplier growth of the wait per retry topic
   * @param maxDelay upper bound of one wait
   * @param partitions partitions of auto-created retry topics
   * @param replicationFactor replication factor of auto-created retry topics
   */
  public record RetryTopics(
      @Min(2) int attempts,
      @NotNull Duration initialDelay,
      double multiplier,
      @NotNull Duration maxDelay,
      @Min(1) int partitions,
      @Min(1) short replicationFactor) {}

  /**
   * @param pollInterval how often due deferred deliveries are released
   * @param batchSize deliveries released per poll
   */
  public record Deferral(@NotNull Duration pollInterval, @Min(1) int batchSize) {}

  /**
   * @param concurrency consumer threads on {@code notifications} (≤ its partitions)
   * @param handleTimeout longest time one event may take (contact, render, provider with retries)
   */
  public record Listener(@Min(1) int concurrency, @NotNull Duration handleTimeout) {}
}
