package io.paystream.simulator.replay;

import io.paystream.simulator.model.Transaction;
import java.time.Instant;

/**
 * What happened to one replayed transaction at {@code POST /v1/payments}.
 *
 * @param transaction the dataset transaction (with its ground-truth label)
 * @param idempotencyKey the key sent on every attempt
 * @param terminalClientId the terminal client that sent it (and may read it back)
 * @param paymentId the accepted payment's id, or {@code null} when rejected
 * @param status the status in the accepting response ({@code RECEIVED}, or a decision with {@code
 *     Prefer: wait}), or {@code null}
 * @param httpStatus the last response's status, or 0 when none arrived
 * @param problemType the RFC 9457 problem type of a rejection (or {@code http-<status>}, {@code
 *     timeout}, {@code token-unavailable}), {@code null} when accepted
 * @param attempts HTTP attempts made (1 = no retry)
 * @param acceptedAt client clock when the accepting response arrived, or {@code null}
 * @param replayed {@code true} when the response carried {@code Idempotent-Replayed: true}
 */
public record PaymentOutcome(
    Transaction transaction,
    String idempotencyKey,
    String terminalClientId,
    String paymentId,
    String status,
    int httpStatus,
    String problemType,
    int attempts,
    Instant acceptedAt,
    boolean replayed) {

  /** {@code true} when payment-api accepted the payment. */
  public boolean accepted() {
    return paymentId != null;
  }
}
