package io.paystream.loyalty.visit;

import io.paystream.contracts.event.PaymentRequested;

/**
 * A {@code payment.requested.v1} as the counter needs it.
 *
 * @param eventId the CloudEvents id
 * @param payment the event data
 */
public record IncomingPayment(String eventId, PaymentRequested payment) {}
