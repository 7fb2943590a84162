package io.paystream.benefit.payment;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.serde.EventRejectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Consumes {@code payment-stream} as group {@code benefit}, one poll batch at a time. Each payment
 * is processed in its own PostgreSQL transaction (with its tip and outbox row); payments of one
 * customer in record order, different customers concurrently. Only when the whole batch is durable
 * does the listener return and the container commit the offsets (ack mode {@code BATCH}).
 *
 * <p>If a record fails, the listener reports the first failed index: the platform error handler
 * commits the records before it and retries from it (then dead-letters it to {@code
 * payment-stream-benefit-dlt}); records after it that were already processed are redelivered and
 * dropped as duplicates by payment id. A record that is not a {@code payment.requested.v1} is
 * rejected ({@link EventRejectedException}, not retried).
 */
@Component
public class PaymentRequestedListener {

  private static final Logger log = LoggerFactory.getLogger(PaymentRequestedListener.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int CUSTOMER_CONCURRENCY = 4;

  private final TipService tips;

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
    Map<String, List<Integer>> byCustomer = new LinkedHashMap<>();
    int rejected = -1;
    for (int i = 0; i < records.size(); i++) {
      Event<?> event = records.get(i).value();
      if (event == null || !(event.data() instanceof PaymentRequested payment)) {
        rejected = i;
        break;
      }
      byCustomer.computeIfAbsent(payment.customerId(), c -> new ArrayList<>()).add(i);
    }
    int firstFailed =
        Flux.fromIterable(byCustomer.values())
            .flatMap(
                indexes ->
                    Flux.fromIterable(indexes)
                        .concatMap(
                            i ->
                                process(records.get(i))
                                    .thenReturn(Integer.MAX_VALUE)
                                    .onErrorResume(
                                        e -> {
                                          log.warn(
                                              "payment at offset {} failed: {}",
                                              records.get(i).offset(),
                                              e.toString());
                                          return Mono.just(i);
                                        }))
                        .takeUntil(result -> result != Integer.MAX_VALUE)
                        .reduce(Integer.MAX_VALUE, Math::min),
                CUSTOMER_CONCURRENCY)
            .reduce(Integer.MAX_VALUE, Math::min)
            .block(TIMEOUT);
    if (rejected >= 0 && rejected < firstFailed) {
      throw new BatchListenerFailedException(
          "not a payment.requested.v1 record",
          new EventRejectedException(
              "not a payment.requested.v1 record", List.of("data: expected payment.requested.v1")),
          rejected);
    }
    if (firstFailed != Integer.MAX_VALUE) {
      throw new BatchListenerFailedException("payment processing failed", firstFailed);
    }
  }

  private Mono<TipOutcome> process(ConsumerRecord<String, Event<?>> record) {
    Event<?> event = record.value();
    return tips.process(event.id(), (PaymentRequested) event.data());
  }
}
