package io.paystream.notification.provider.email;

import io.paystream.notification.provider.ProviderResilienceProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The email provider: an SMTP relay configured by Spring Boot's {@code spring.mail.*}.
 *
 * @param from sender address, e.g. {@code paystream <no-reply@paystream.io>}
 * @param resilience retry, circuit breaker and rate limiter settings
 */
@Validated
@ConfigurationProperties("paystream.notification.email")
public record EmailProperties(
    @NotBlank String from, @NotNull @Valid ProviderResilienceProperties resilience) {}
