package io.paystream.loyalty.visit;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.platform.kafka.BatchConsumer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code payment-stream} as group {@code loyalty}, one poll batch per transaction, through
 * the platform's {@link BatchConsumer}; the container commits the batch's offsets only after {@link
 * VisitCountingService#countVisits} committed (ack mode {@code BATCH}). Every payment counts,
 * whatever its channel (POS, APP, ONLINE). A database outage or timeout is retried until the count
 * commits; a record that is not a usable {@code payment.requested.v1} goes to {@code
 * payment-stream-loyalty-dlt} with the reason, after the records before it are applied.
 */
@Component
public class PaymentRequestedListener {

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(120);

  private final VisitCountingService counting;
  private final BatchConsumer<PaymentRequested> consumer =
      BatchConsumer.of(Topics.PAYMENT_STREAM, COMMIT_TIMEOUT)
          .rejecting(PaymentRequestedListener::problem);

  public PaymentRequestedListener(VisitCountingService counting) {
    this.counting = counting;
  }

  /** Counts one batch. */
  @KafkaListener(
      id = "loyalty-payments",
      topics = "payment-stream",
      groupId = "loyalty",
      batch = "true")
  public void onBatch(List<ConsumerRecord<String, Event<?>>> records) {
    consumer.inOneTransaction(
        records,
        events ->
            counting.countVisits(
                events.stream().map(e -> new IncomingPayment(e.id(), e.data())).toList()));
  }

  /** Why a payment cannot be counted, or {@code null}. */
  static String problem(PaymentRequested p) {
    if (blank(p.paymentId())
        || blank(p.customerId())
        || p.merchant() == null
        || blank(p.merchant().id())
        || p.card() == null
        || blank(p.card().token())
        || p.occurredAt() == null) {
      return "payment.requested.v1 without paymentId, customerId, merchant.id, card.token or"
          + " occurredAt";
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
