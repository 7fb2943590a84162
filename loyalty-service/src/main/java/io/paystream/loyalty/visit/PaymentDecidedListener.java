package io.paystream.loyalty.visit;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.PaymentDecided;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code payment-decisions} as group {@code loyalty}: the compensation step of the payment
 * saga. DENIED and EXPIRED take a counted visit back (or keep a later request from counting); other
 * states are acknowledged without effect.
 */
@Component
public class PaymentDecidedListener {

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(120);

  private final VisitCountingService counting;

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
    List<IncomingDecision> batch = new ArrayList<>(records.size());
    int bad = -1;
    for (int i = 0; i < records.size() && bad < 0; i++) {
      ConsumerRecord<String, Event<?>> r = records.get(i);
      if (r.value() == null
          || !(r.value().data() instanceof PaymentDecided d)
          || d.paymentId() == null
          || d.status() == null) {
        bad = i;
      } else {
        batch.add(new IncomingDecision(r.value().id(), d));
      }
    }
    counting.compensate(batch).block(COMMIT_TIMEOUT);
    if (bad >= 0) {
      throw new BatchListenerFailedException("not a usable payment.decided.v1 record", bad);
    }
  }
}
