package io.paystream.fds.ledger;

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
 * Consumes {@code payment-stream} as group {@code fds}, one poll batch at a time, through the
 * platform's {@link BatchConsumer}: the batch is decided and committed to the ledger in one
 * transaction before the listener returns, and only then does the container commit the offsets (ack
 * mode {@code BATCH}).
 *
 * <p>A database outage, a statement timeout or a lost connection fails the batch transiently: the
 * batch is delivered again after a back-off until the ledger takes it, and nothing goes to the
 * dead-letter topic. A record that is not a {@code payment.requested.v1} is dead-lettered with its
 * reason after the payments before it are decided; any other failure of the whole batch is narrowed
 * down to the one payment that fails alone (redelivered payments are recognised by event id in
 * {@code processed_events} and by payment id in {@code transactions}).
 */
@Component
public class PaymentRequestedListener {

  /** Above the R2DBC statement timeout (10 s) times the few set-based statements of a batch. */
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);

  private final PaymentDecisionService decisions;
  private final BatchConsumer<PaymentRequested> consumer =
      BatchConsumer.of(Topics.PAYMENT_STREAM, COMMIT_TIMEOUT);

  public PaymentRequestedListener(PaymentDecisionService decisions) {
    this.decisions = decisions;
  }

  /** Decides one batch. */
  @KafkaListener(id = "fds-payments", topics = "payment-stream", groupId = "fds", batch = "true")
  public void onBatch(List<ConsumerRecord<String, Event<?>>> records) {
    consumer.inOneTransaction(
        records,
        events ->
            decisions.decide(
                events.stream()
                    .map(e -> new IncomingPayment(e.id(), e.data(), e.recordTime()))
                    .toList()));
  }
}
