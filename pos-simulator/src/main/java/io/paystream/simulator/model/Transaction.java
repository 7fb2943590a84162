package io.paystream.simulator.model;

import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import java.time.OffsetDateTime;

/**
 * One card payment to replay, with its ground truth.
 *
 * @param transactionId stable id within the dataset (e.g. {@code tf-r12}, the 1-based data row);
 *     the replay's {@code Idempotency-Key} derives from it
 * @param cardId the paying card ({@link Card#cardId()})
 * @param merchantId the merchant site
 * @param amount exact amount, ≥ 0
 * @param channel POS / APP (card present, located) or ONLINE (card not present, no location)
 * @param occurredAt event time with the offset of the place it happened
 * @param location where the card was, or {@code null} for ONLINE
 * @param fraud ground-truth label from the dataset (or the generator)
 * @param errors the dataset's processing-error note (TabFormer {@code Errors?}), or {@code null}
 */
public record Transaction(
    String transactionId,
    String cardId,
    String merchantId,
    Money amount,
    Channel channel,
    OffsetDateTime occurredAt,
    GeoLocation location,
    boolean fraud,
    String errors) {}
