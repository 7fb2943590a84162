package io.paystream.fds.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * fds-service settings besides the rule thresholds.
 *
 * @param verification step-up verification bookkeeping (the outbox is the platform's: {@code
 *     paystream.outbox.*})
 */
@Validated
@ConfigurationProperties("fds")
public record FdsProperties(@DefaultValue @NotNull Verification verification) {

  /**
   * @param timeout how long a payment may stay {@code PENDING_VERIFICATION} before the sweeper
   *     settles it as {@code EXPIRED} (default 10 min)
   * @param sweepInterval how often the sweeper looks (default 30 s)
   */
  public record Verification(
      @DefaultValue("10m") @NotNull Duration timeout,
      @DefaultValue("30s") @NotNull Duration sweepInterval) {}
}
