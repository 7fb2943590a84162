package io.paystream.notification.provider.push;

import io.paystream.notification.provider.ProviderResilienceProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The push provider: Firebase Cloud Messaging HTTP v1.
 *
 * @param baseUrl API root, {@code https://fcm.googleapis.com} in production
 * @param project Firebase project id
 * @param accessToken OAuth2 bearer access token (scope {@code
 *     https://www.googleapis.com/auth/firebase.messaging}), from the environment
 * @param resilience retry, circuit breaker and rate limiter settings
 */
@Validated
@ConfigurationProperties("paystream.notification.push")
public record PushProperties(
    @NotNull URI baseUrl,
    @NotBlank String project,
    @NotBlank String accessToken,
    @NotNull @Valid ProviderResilienceProperties resilience) {}
