package io.paystream.fds.ledger;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.PaymentRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code payment-stream} as group {@code fds}, one poll batch at a time: the batch is
 * decided and committed to the ledger before the listener returns, and only then does the container
 * commit the offsets (ack mode {@code BATCH}). A record that cannot be read is reported by index so
 * the error handler commits the good ones before it and dead-letters it.
 */
@Component
public class PaymentRequestedListener {

  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

  private final PaymentDecisionService decisions;

  public PaymentRequestedListener(PaymentDecisionService decisions) {
    this.decisions = decisions;
  }

  /** Decides one batch. */
  @KafkaListener(id = "fds-payments", topics = "payment-stream", groupId = "fds", batch = "true")
  public void onBatch(List<ConsumerRecord<String, Event<?>>> records) {
    List<IncomingPayment> batch = new ArrayList<>(records.size());
    int bad = -1;
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, Event<?>> r = records.get(i);
      if (r.value() == null || !(r.value().data() instanceof PaymentRequested payment)) {
        bad = i;
        break;
      }
      batch.add(new IncomingPayment(r.value().id(), payment, Instant.ofEpochMilli(r.timestamp())));
    }
    if (!batch.isEmpty()) {
      decisions.decide(batch).block(COMMIT_TIMEOUT);
    }
    if (bad >= 0) {
      throw new BatchListenerFailedException("not a payment.requested.v1 record", bad);
    }
  }
}
