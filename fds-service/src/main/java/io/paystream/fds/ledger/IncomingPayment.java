package io.paystream.fds.ledger;

import io.paystream.contracts.event.PaymentRequested;
import java.time.Instant;

/**
 * A {@code payment.requested.v1} as consumed.
 *
 * @param eventId its CloudEvents {@code ce_id}
 * @param payment the payment
 * @param producedAt the Kafka record timestamp: the start of event-to-commit latency
 */
public record IncomingPayment(String eventId, PaymentRequested payment, Instant producedAt) {}
