package io.paystream.payment.intake;

import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Payment intake settings ({@code paystream.payment.*}).
 *
 * @param retryAfter the {@code Retry-After} sent with a 503
 * @param maxFutureSkew how far {@code occurredAt} may lie in the future (terminal clock drift)
 * @param defaultAmountLimit largest accepted amount, in major units, for currencies not in {@code
 *     amountLimits}
 * @param amountLimits largest accepted amount per ISO 4217 code, in major units
 * @param idempotencyRetention how long an idempotency record (and its replayable response) is kept
 * @param maxWait the largest {@code Prefer: wait=N} honoured (RFC 7240); larger values are capped
 */
@Validated
@ConfigurationProperties("paystream.payment")
public record PaymentProperties(
    @NotNull Duration retryAfter,
    @NotNull Duration maxFutureSkew,
    @NotNull BigDecimal defaultAmountLimit,
    Map<String, BigDecimal> amountLimits,
    @NotNull Duration idempotencyRetention,
    @NotNull Duration maxWait) {

  public PaymentProperties {
    amountLimits = amountLimits == null ? Map.of() : Map.copyOf(amountLimits);
  }
}
