package io.paystream.gateway.ratelimit;

/**
 * One bucket a request draws from.
 *
 * @param key the Redis key, e.g. {@code paystream:rl:client:pos-1}
 * @param bucket its rate and burst
 */
public record BucketKey(String key, RateLimitProperties.Bucket bucket) {}
