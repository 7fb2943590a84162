package io.paystream.loyalty.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * loyalty-service settings ({@code loyalty.*}); the outbox is the platform's ({@code
 * paystream.outbox.*}).
 *
 * @param defaultPolicy the policy of a merchant that has none of its own
 * @param regulars the merchant dashboard
 */
@Validated
@ConfigurationProperties("loyalty")
public record LoyaltyProperties(
    @DefaultValue @NotNull DefaultPolicy defaultPolicy, @DefaultValue @NotNull Regulars regulars) {

  /**
   * @param threshold visits for VIP; default 10
   * @param benefit benefit text shown in the VIP notification; default empty
   */
  public record DefaultPolicy(
      @DefaultValue("10") @Min(1) int threshold, @DefaultValue("") String benefit) {}

  /**
   * @param defaultLimit customers returned when {@code limit} is absent; default 20
   * @param maxLimit largest accepted {@code limit}; default 100
   */
  public record Regulars(
      @DefaultValue("20") @Min(1) int defaultLimit,
      @DefaultValue("100") @Min(1) @Max(1000) int maxLimit) {}
}
