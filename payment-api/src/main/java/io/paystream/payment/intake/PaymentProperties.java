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
 * @param maxOccurredAge how far {@code occurredAt} of a new payment may lie in the past; older ones
 *     are refused (400) unless the request replays an accepted payment. Why a bound at all and why
 *     1 h by default: {@code PaymentRequestParser}
 * @param defaultAmountLimit largest accepted amount, in major units, for currencies not in {@code
 *     amountLimits}
 * @param amountLimits largest accepted amount per ISO 4217 code, in major units
 * @param recordTimeout how long the intake waits for PostgreSQL to record an accepted payment
 *     (connection from the pool included) before answering 503; the statement may still commit, and
 *     a retry with the same {@code Idempotency-Key} then finds it
 * @param maxWait the largest {@code Prefer: wait=N} honoured (RFC 7240); larger values are capped
 */
@Validated
@ConfigurationProperties("paystream.payment")
public record PaymentProperties(
    @NotNull Duration retryAfter,
    @NotNull Duration maxFutureSkew,
    @NotNull Duration maxOccurredAge,
    @NotNull BigDecimal defaultAmountLimit,
    Map<String, BigDecimal> amountLimits,
    @NotNull Duration recordTimeout,
    @NotNull Duration maxWait) {

  public PaymentProperties {
    amountLimits = amountLimits == null ? Map.of() : Map.copyOf(amountLimits);
  }
}
