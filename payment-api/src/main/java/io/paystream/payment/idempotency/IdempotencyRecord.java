package io.paystream.payment.idempotency;

import java.util.UUID;

/**
 * A stored idempotency record.
 *
 * @param fingerprint the first request's {@link RequestFingerprint}
 * @param completed {@code true} once the first request's response is stored
 * @param paymentId the payment id the first request was given
 * @param responseStatus the first response's HTTP status, when completed
 * @param responseBody the first response's JSON body, when completed
 */
public record IdempotencyRecord(
    String fingerprint,
    boolean completed,
    UUID paymentId,
    Integer responseStatus,
    String responseBody) {}
