package io.paystream.loyalty.visit;

import io.paystream.contracts.event.PaymentDecided;

/**
 * A {@code payment.decided.v1} as the compensation needs it.
 *
 * @param eventId the CloudEvents id
 * @param decision the event data
 */
public record IncomingDecision(String eventId, PaymentDecided decision) {}
