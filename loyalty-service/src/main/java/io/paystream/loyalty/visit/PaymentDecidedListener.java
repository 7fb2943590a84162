package io.paystream.loyalty.visit;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.platform.kafka.BatchConsumer;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code payment-decisions} as group {@code loyalty}: the compensation step of the payment
 * saga. DENIED and EXPIRED take a counted visit back (or keep a later request from counting); other
 * states are acknowledged without effect. One transaction per poll batch through the platform's
 * {@link BatchConsumer}: a database outage is retried until it commits, a decision without payment
 * id or status goes to {@code payment-decisions-loyalty-dlt} with the reason.
 */
@Component
public class PaymentDecidedListener {

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(120);

  private final VisitCountingService counting;
  private final BatchConsumer<PaymentDecided> consumer =
      BatchConsumer.of(Topics.PAYMENT_DECISIONS, COMMIT_TIMEOUT)
          .rejecting(
              d ->
                  d.paymentId() == null || d.status() == null
                      ? "payment.decided.v1 without paymentId or status"
                      : null);

  public PaymentDecidedListener(VisitCountingService counting) {
    this.counting = counting;
  }

  /** Applies one batch. */
  @KafkaListener(
      id = "loyalty-decisions",
      topics = "payment-decisions",
      groupId = "loyalty",
      batch = "true")
  public void onBatch(List<ConsumerRecord<String, Event<?>>> records) {
    consumer.inOneTransaction(
        records,
        events ->
            counting.compensate(
                events.stream().map(e -> new IncomingDecision(e.id(), e.data())).toList()));
  }
}
