package io.paystream.payment.status;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.PaymentDecided;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the status view from {@code payment-decisions} (consumer group {@code payment-api}). The
 * offset is committed after the view row is written; a redelivered decision changes nothing (the
 * row keeps the highest sequence).
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
      groupId = "payment-api")
  void onDecision(Event<?> event) {
    if (!(event.data() instanceof PaymentDecided decided)) {
      log.warn("ignoring {} on payment-decisions (id {})", event.type().ceType(), event.id());
      return;
    }
    payments.applyDecision(decided).block(WRITE_TIMEOUT);
  }
}
