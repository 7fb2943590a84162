package io.paystream.payment.status;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.PaymentDecided;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the status view from {@code payment-decisions} (consumer group {@code payment-api}, {@code
 * paystream.payment.decision-consumers} consumers, default 3). Offsets are committed once per poll,
 * after every row of the poll is written ({@code AckMode.BATCH}); a redelivered decision changes
 * nothing (the row keeps the highest sequence), so a crash between the writes and the commit costs
 * only repeated writes.
 */
@Component
public class PaymentDecisionListener {

  private static final Logger log = LoggerFactory.getLogger(PaymentDecisionListener.class);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

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
    if (!(event.data() instanceof PaymentDecided decided)) {
      log.warn("ignoring {} on payment-decisions (id {})", event.type().ceType(), event.id());
      return;
    }
    payments.applyDecision(decided).block(WRITE_TIMEOUT);
  }
}
