package io.paystream.fds.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * fds-service settings besides the rule thresholds.
 *
 * @param verification step-up verification bookkeeping
 * @param outbox the outbox relay
 */
@Validated
@ConfigurationProperties("fds")
public record FdsProperties(
    @DefaultValue @NotNull Verification verification, @DefaultValue @NotNull Outbox outbox) {

  /**
   * @param timeout how long a payment may stay {@code PENDING_VERIFICATION} before the sweeper
   *     settles it as {@code EXPIRED} (default 10 min)
   * @param sweepInterval how often the sweeper looks (default 30 s)
   */
  public record Verification(
      @DefaultValue("10m") @NotNull Duration timeout,
      @DefaultValue("30s") @NotNull Duration sweepInterval) {}

  /**
   * @param batchSize outbox rows one relay pass locks and publishes (default 500)
   * @param fallbackPoll poll interval when no {@code LISTEN/NOTIFY} wake-up arrives (default 1 s)
   * @param enabled whether this replica runs the relay (default {@code true})
   */
  public record Outbox(
      @DefaultValue("500") @Min(1) int batchSize,
      @DefaultValue("1s") @NotNull Duration fallbackPoll,
      @DefaultValue("true") boolean enabled) {}
}
