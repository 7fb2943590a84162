package io.paystream.payment.status;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.platform.kafka.ReceivedEvent;
import java.time.Duration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the status view from {@code payment-decisions} (consumer group {@code payment-api}, {@code
 * paystream.payment.decision-consumers} consumers, default 3). Offsets are committed once per poll,
 * after every row of the poll is written ({@code AckMode.BATCH}); a redelivered decision changes
 * nothing (the row keeps the highest sequence), so a crash between the writes and the commit costs
 * only repeated writes.
 *
 * <p>Failures are the platform error handler's: a database outage, statement timeout or lost
 * connection (or this listener's {@code WRITE_TIMEOUT}) is retried in place until the row is
 * written, so a decision is never lost and the status never stays {@code RECEIVED} because of an
 * outage; a record that is not a {@code payment.decided.v1} goes to {@code
 * payment-decisions-payment-api-dlt} with the reason.
 */
@Component
public class PaymentDecisionListener {

  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

  private final PaymentStatusRepository payments;

  public PaymentDecisionListener(PaymentStatusRepository payments) {
    this.payments = payments;
  }

  @KafkaListener(
      id = "payment-api-decisions",
      topics = "payment-decisions",
      groupId = "payment-api",
      concurrency = "${paystream.payment.decision-consumers:3}")
  void onDecision(Event<?> event) {
    PaymentDecided decided = ReceivedEvent.dataOf(event, Topics.PAYMENT_DECISIONS);
    payments.applyDecision(decided).block(WRITE_TIMEOUT);
  }
}
