package io.paystream.notification.provider.sms;

import io.paystream.notification.provider.ProviderResilienceProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The SMS provider: a Twilio-compatible REST Messages API.
 *
 * @param baseUrl API root, e.g. {@code https://api.twilio.com} or the dev sandbox {@code
 *     http://127.0.0.1:8089}
 * @param accountSid account SID ({@code AC…}); the HTTP Basic user
 * @param authToken auth token; the HTTP Basic password (from the environment, never committed)
 * @param from paystream's sending number, E.164
 * @param resilience retry, circuit breaker and rate limiter settings
 */
@Validated
@ConfigurationProperties("paystream.notification.sms")
public record SmsProperties(
    @NotNull URI baseUrl,
    @NotBlank String accountSid,
    @NotBlank String authToken,
    @NotBlank String from,
    @NotNull @Valid ProviderResilienceProperties resilience) {}
