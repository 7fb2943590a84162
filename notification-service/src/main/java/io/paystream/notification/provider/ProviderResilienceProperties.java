package io.paystream.notification.provider;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * resilience4j settings of one provider.
 *
 * @param timeout time allowed for one provider call (connect + response)
 * @param maxAttempts in-process attempts per message including the first (then the message goes to
 *     the next retry topic)
 * @param initialBackoff wait before the second attempt; grows by {@code backoffMultiplier}
 * @param backoffMultiplier growth factor of the exponential backoff
 * @param jitter randomization factor of each wait, 0..1 (0.5 = ±50 %)
 * @param maxBackoff upper bound of one computed wait
 * @param maxRetryAfter longest {@code Retry-After} honoured in process; a longer one sends the
 *     message to the retry topic instead of holding the consumer
 * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
 * @param slidingWindowSize calls in the circuit breaker's count-based window
 * @param minimumNumberOfCalls calls needed before the failure rate is computed
 * @param waitInOpenState how long the circuit stays open before probing (half-open)
 * @param permittedCallsInHalfOpenState probe calls allowed when half-open
 * @param ratePerSecond calls per second the provider documents (rate limiter permits per second)
 * @param rateLimitTimeout longest wait for a rate-limiter permit before the attempt fails
 */
public record ProviderResilienceProperties(
    @NotNull Duration timeout,
    @Min(1) int maxAttempts,
    @NotNull Duration initialBackoff,
    @DecimalMin("1.0") double backoffMultiplier,
    @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
    @NotNull Duration maxBackoff,
    @NotNull Duration maxRetryAfter,
    @DecimalMin("1.0") @DecimalMax("100.0") float failureRateThreshold,
    @Min(1) int slidingWindowSize,
    @Min(1) int minimumNumberOfCalls,
    @NotNull Duration waitInOpenState,
    @Min(1) int permittedCallsInHalfOpenState,
    @Min(1) int ratePerSecond,
    @NotNull Duration rateLimitTimeout) {}
