package io.paystream.gateway.ratelimit;

/**
 * The limiter's answer for one request.
 *
 * @param allowed whether the request is admitted
 * @param limit capacity (burst) of the most restrictive bucket
 * @param remaining whole tokens left in the most restrictive bucket
 * @param retryAfterMillis when denied, ms until enough tokens are back; 0 when allowed
 * @param source {@code redis} (shared) or {@code local} (per-replica fallback)
 */
public record RateLimitDecision(
    boolean allowed, long limit, long remaining, long retryAfterMillis, String source) {}
