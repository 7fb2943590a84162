package io.paystream.payment.registry;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The in-process cache of registry cards and merchants used by the intake ({@link RegistryLookup},
 * {@code paystream.registry-cache.*}).
 *
 * @param maxCards cards kept (least recently used go first); default 200,000 (a card is ~0.5 KB)
 * @param maxMerchants merchants kept; default 50,000
 * @param ttl a cached entry is read again after this, a safety net only: every registry write
 *     invalidates its entries in every replica at once; default 10 min
 * @param loadTimeout bound of one PostgreSQL read on a miss; callers waiting on the same key share
 *     it and get an error after it (the intake answers 503) instead of waiting forever; default 2 s
 */
@Validated
@ConfigurationProperties("paystream.registry-cache")
public record RegistryCacheProperties(
    @DefaultValue("200000") @Min(1) long maxCards,
    @DefaultValue("50000") @Min(1) long maxMerchants,
    @DefaultValue("10m") @NotNull Duration ttl,
    @DefaultValue("2s") @NotNull Duration loadTimeout) {}
