package io.paystream.contracts.event;

import java.time.Instant;

/**
 * {@code verification.completed.v1}: a step-up challenge ended. Topic {@code verification-results},
 * key = {@code cardToken}.
 *
 * @param verificationId the challenge id
 * @param paymentId the payment the challenge was bound to
 * @param cardToken card token
 * @param customerId the challenged cardholder
 * @param outcome how it ended
 * @param method how the cardholder answered: {@code SMS}, {@code APP}, or {@code NONE} (expired)
 * @param completedAt when the outcome was decided
 */
public record VerificationCompleted(
    String verificationId,
    String paymentId,
    String cardToken,
    String customerId,
    VerificationOutcome outcome,
    String method,
    Instant completedAt) {}
