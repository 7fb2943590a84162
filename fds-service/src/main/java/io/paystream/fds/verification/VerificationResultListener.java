package io.paystream.fds.verification;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentStatus;
import io.paystream.contracts.event.VerificationCompleted;
import io.paystream.fds.ledger.PaymentDecisionService;
import io.paystream.fds.ledger.PaymentDecisionService.ProfileChange;
import io.paystream.fds.rule.ReasonCodes;
import io.paystream.platform.kafka.BatchConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code verification-results} as group {@code fds}: {@code APPROVED} → {@code COMPLETED}
 * and the payment's place becomes the card's located history; {@code REJECTED} / {@code LOCKED} →
 * {@code DENIED} and the card suspended for card-present use; {@code EXPIRED} → {@code EXPIRED}.
 * Each result is applied once (its event id in {@code processed_events}, same transaction), in its
 * own transaction, through the platform's {@link BatchConsumer}: a transient database failure is
 * retried until the ledger takes the result (an approval is never lost to the dead-letter topic); a
 * record that is not a {@code verification.completed.v1} is dead-lettered with its reason.
 */
@Component
public class VerificationResultListener {

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

  private final PaymentDecisionService decisions;
  private final BatchConsumer<VerificationCompleted> consumer =
      BatchConsumer.of(Topics.VERIFICATION_RESULTS, COMMIT_TIMEOUT);

  public VerificationResultListener(PaymentDecisionService decisions) {
    this.decisions = decisions;
  }

  /** Applies a batch of results, one transaction each. */
  @KafkaListener(
      id = "fds-verification-results",
      topics = "verification-results",
      groupId = "fds",
      batch = "true")
  public void onBatch(List<ConsumerRecord<String, Event<?>>> records) {
    consumer.eachInItsOwnTransaction(records, r -> apply(r.id(), r.data()));
  }

  private reactor.core.publisher.Mono<PaymentStatus> apply(
      String eventId, VerificationCompleted result) {
    Map<String, Object> details =
        Map.of(
            "verificationId", result.verificationId(),
            "outcome", result.outcome().name(),
            "method", result.method() == null ? "NONE" : result.method());
    return switch (result.outcome()) {
      case APPROVED ->
          decisions.once(
              eventId,
              decisions.settleInTransaction(
                  result.paymentId(),
                  PaymentStatus.COMPLETED,
                  ReasonCodes.VERIFIED_BY_CARDHOLDER,
                  ProfileChange.LOCATE,
                  details));
      case REJECTED ->
          decisions.once(
              eventId,
              decisions.settleInTransaction(
                  result.paymentId(),
                  PaymentStatus.DENIED,
                  ReasonCodes.REJECTED_BY_CARDHOLDER,
                  ProfileChange.SUSPEND,
                  details));
      case LOCKED ->
          decisions.once(
              eventId,
              decisions.settleInTransaction(
                  result.paymentId(),
                  PaymentStatus.DENIED,
                  ReasonCodes.VERIFICATION_LOCKED,
                  ProfileChange.SUSPEND,
                  details));
      case EXPIRED ->
          decisions.once(
              eventId,
              decisions.settleInTransaction(
                  result.paymentId(),
                  PaymentStatus.EXPIRED,
                  ReasonCodes.VERIFICATION_EXPIRED,
                  ProfileChange.NONE,
                  details));
    };
  }
}
