package io.paystream.gateway.activity;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The activity log ({@code paystream.gateway.activity.*}).
 *
 * @param enabled publish {@code activity.recorded.v1} to {@code user-activity}
 * @param bufferCapacity events waiting for Kafka at most; beyond it new events are dropped and
 *     counted ({@code paystream.gateway.activity.dropped}) so no request ever waits for Kafka
 */
@Validated
@ConfigurationProperties("paystream.gateway.activity")
public record ActivityProperties(
    @DefaultValue("true") boolean enabled, @DefaultValue("10000") @Min(1) int bufferCapacity) {}
