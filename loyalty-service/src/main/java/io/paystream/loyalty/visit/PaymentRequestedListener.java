package io.paystream.loyalty.visit;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.PaymentRequested;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code payment-stream} as group {@code loyalty}, one poll batch per transaction; the
 * container commits the batch's offsets only after {@link VisitCountingService#countVisits}
 * committed (ack mode {@code BATCH}). Every payment counts, whatever its channel (POS, APP,
 * ONLINE). A record that is not a usable {@code payment.requested.v1} is reported by index: the
 * records before it are applied and committed, it goes to {@code payment-stream-loyalty-dlt}.
 */
@Component
public class PaymentRequestedListener {

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(120);

  private final VisitCountingService counting;

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
    List<IncomingPayment> batch = new ArrayList<>(records.size());
    int bad = -1;
    String reason = null;
    for (int i = 0; i < records.size() && bad < 0; i++) {
      ConsumerRecord<String, Event<?>> r = records.get(i);
      reason = problem(r.value());
      if (reason != null) {
        bad = i;
      } else {
        batch.add(new IncomingPayment(r.value().id(), (PaymentRequested) r.value().data()));
      }
    }
    counting.countVisits(batch).block(COMMIT_TIMEOUT);
    if (bad >= 0) {
      throw new BatchListenerFailedException(reason, bad);
    }
  }

  /** Why an event cannot be counted, or {@code null}. */
  static String problem(Event<?> event) {
    if (event == null || !(event.data() instanceof PaymentRequested p)) {
      return "not a payment.requested.v1 record";
    }
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
