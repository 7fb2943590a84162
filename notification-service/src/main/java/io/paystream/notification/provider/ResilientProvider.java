package io.paystream.notification.provider;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.notification.template.RenderedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A provider behind resilience4j: each attempt passes a circuit breaker and a rate limiter (the
 * provider's documented rate); a retry around both repeats transient failures with exponential
 * backoff and jitter, or after the provider's {@code Retry-After} (up to {@code maxRetryAfter}).
 * Permanent failures are neither retried nor counted by the breaker. An open circuit fails at once
 * with a {@link TransientProviderException} (reason {@code circuit-open}) so the message moves to
 * the retry topic instead of holding the consumer.
 */
public final class ResilientProvider implements NotificationProvider {

  private final NotificationProvider delegate;
  private final Duration timeout;
  private final Retry retry;
  private final CircuitBreaker circuitBreaker;
  private final RateLimiter rateLimiter;

  public ResilientProvider(
      NotificationProvider delegate,
      ProviderResilienceProperties settings,
      RetryRegistry retries,
      CircuitBreakerRegistry circuitBreakers,
      RateLimiterRegistry rateLimiters) {
    this.delegate = delegate;
    this.timeout = settings.timeout();
    String name = delegate.channel().name().toLowerCase(java.util.Locale.ROOT);
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            settings.initialBackoff(),
            settings.backoffMultiplier(),
            settings.jitter(),
            settings.maxBackoff());
    Duration maxRetryAfter = settings.maxRetryAfter();
    this.retry =
        retries.retry(
            name,
            RetryConfig.<String>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(t -> retryable(t, maxRetryAfter))
                .intervalBiFunction(
                    (attempt, outcome) -> {
                      if (outcome.isLeft()
                          && outcome.getLeft() instanceof TransientProviderException transientError
                          && transientError.retryAfter().isPresent()) {
                        return transientError.retryAfter().get().toMillis();
                      }
                      return backoff.apply(attempt);
                    })
                .build());
    this.circuitBreaker =
        circuitBreakers.circuitBreaker(
            name,
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .recordException(t -> t instanceof TransientProviderException)
                .build());
    this.rateLimiter =
        rateLimiters.rateLimiter(
            name,
            RateLimiterConfig.custom()
                .limitForPeriod(settings.ratePerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(settings.rateLimitTimeout())
                .build());
  }

  private static boolean retryable(Throwable t, Duration maxRetryAfter) {
    if (t instanceof TransientProviderException transientError) {
      return transientError.retryAfter().map(d -> d.compareTo(maxRetryAfter) <= 0).orElse(true);
    }
    return t instanceof RequestNotPermitted;
  }

  @Override
  public NotificationChannel channel() {
    return delegate.channel();
  }

  /** The breaker, for health and tests. */
  public CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  @Override
  public Mono<String> send(String recipient, RenderedMessage message) {
    return send(recipient, message, new java.util.ArrayList<>());
  }

  /**
   * Sends with retries, appending every provider call (not the calls refused by an open circuit or
   * the rate limiter) to {@code attempts}.
   */
  public Mono<String> send(String recipient, RenderedMessage message, List<Attempt> attempts) {
    String provider = circuitBreaker.getName();
    return Mono.defer(() -> delegate.send(recipient, message))
        .timeout(timeout)
        .onErrorMap(t -> HttpErrors.classify(provider, t, body -> false))
        .doOnNext(id -> attempts.add(new Attempt(true, id, null, Instant.now())))
        .doOnError(e -> attempts.add(new Attempt(false, null, e, Instant.now())))
        .transformDeferred(RateLimiterOperator.of(rateLimiter))
        .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
        .transformDeferred(RetryOperator.of(retry))
        .onErrorMap(
            CallNotPermittedException.class,
            e ->
                new TransientProviderException(
                    provider, "circuit-open", "circuit breaker is open", null, e))
        .onErrorMap(
            RequestNotPermitted.class,
            e ->
                new TransientProviderException(
                    provider, "rate-limited", "rate limiter permit not granted", null, e));
  }
}
