package io.paystream.auth.ratelimit;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code POST /oauth2/token} ({@code paystream.auth.token-rate-limit.*}), per replica.
 *
 * @param enabled off = no limit (benchmarks only)
 * @param perClientPerSecond token requests per second for one client id; a client needs one token
 *     per access-token lifetime (10 min), so 5 leaves room for retries and replicas of a client;
 *     default 5
 * @param globalPerSecond token requests per second for all clients together (protects the client
 *     table and the secret checks); default 1000, above a 200-terminal cold start
 * @param maxClients most per-client limiters kept (least recently used dropped); default 100 000
 */
@Validated
@ConfigurationProperties("paystream.auth.token-rate-limit")
public record TokenRateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("5") @Min(1) int perClientPerSecond,
    @DefaultValue("1000") @Min(1) int globalPerSecond,
    @DefaultValue("100000") @Min(1) long maxClients) {}
