package io.paystream.benefit.payment;

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
 * Consumes {@code payment-stream} as group {@code benefit}, one poll batch at a time, through the
 * platform's {@link BatchConsumer}. Each payment is processed in its own PostgreSQL transaction
 * (with its tip and outbox row); payments of one customer in record order, different customers
 * concurrently. Only when the whole batch is durable does the listener return and the container
 * commit the offsets (ack mode {@code BATCH}).
 *
 * <p>If a payment fails, the batch is delivered again from the first failed record (records after
 * it that were already processed are dropped as duplicates by payment id): a database outage or
 * timeout until it passes, another failure with the bounded retries and then {@code
 * payment-stream-benefit-dlt}. A record that is not a {@code payment.requested.v1} goes to the DLT
 * at once, with the reason.
 */
@Component
public class PaymentRequestedListener {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int CUSTOMER_CONCURRENCY = 4;

  private final TipService tips;
  private final BatchConsumer<PaymentRequested> consumer =
      BatchConsumer.of(Topics.PAYMENT_STREAM, TIMEOUT);

  public PaymentRequestedListener(TipService tips) {
    this.tips = tips;
  }

  /** Processes one batch. */
  @KafkaListener(
      id = "benefit-payments",
      topics = "payment-stream",
      groupId = "benefit",
      batch = "true")
  public void onBatch(List<ConsumerRecord<String, Event<?>>> records) {
    consumer.eachInItsOwnTransaction(
        records,
        PaymentRequested::customerId,
        CUSTOMER_CONCURRENCY,
        e -> tips.process(e.id(), e.data()));
  }
}
