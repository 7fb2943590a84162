package io.paystream.notification.delivery;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.platform.postgres.LockedRows;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Releases deliveries deferred by quiet hours once they are due: in one transaction, locks due rows
 * ({@code FOR UPDATE SKIP LOCKED}, safe with several replicas), re-publishes each stored event onto
 * {@code notifications} (same key and event id) and marks the row {@code RELEASED}; the listener
 * then sends it without deferral. A crash between publish and commit re-publishes later, which the
 * dedup row absorbs.
 */
@Component
public class DeferredReleaseJob {

  private static final Logger log = LoggerFactory.getLogger(DeferredReleaseJob.class);

  private final DeliveryRepository deliveries;
  private final KafkaTemplate<String, Object> kafka;
  private final TransactionalOperator transactions;
  private final Clock clock;
  private final int batchSize;

  public DeferredReleaseJob(
      DeliveryRepository deliveries,
      KafkaTemplate<String, Object> notificationRetryTemplate,
      TransactionalOperator transactions,
      Clock clock,
      io.paystream.notification.NotificationProperties properties) {
    this.deliveries = deliveries;
    this.kafka = notificationRetryTemplate;
    this.transactions = transactions;
    this.clock = clock;
    this.batchSize = properties.deferral().batchSize();
  }

  /** Releases one batch of due deliveries; returns how many. */
  public Mono<Long> releaseDue() {
    return transactions.transactional(
        LockedRows.readFully(deliveries.lockDue(clock.instant(), batchSize))
            .concatMap(
                due -> {
                  Event<NotificationRequested> event = DeferredEvents.fromJson(due.eventJson());
                  ProducerRecord<String, Object> record =
                      new ProducerRecord<>(
                          Topics.NOTIFICATIONS.name(), event.data().customerId(), event);
                  return Mono.fromFuture(() -> kafka.send(record))
                      .then(deliveries.markReleased(due.id()))
                      .thenReturn(due.id());
                })
            .count());
  }

  @Scheduled(fixedDelayString = "${paystream.notification.deferral.poll-interval}")
  void poll() {
    try {
      Long released = releaseDue().block(Duration.ofSeconds(30));
      if (released != null && released > 0) {
        log.info("released {} deferred deliveries", released);
      }
    } catch (RuntimeException e) {
      log.warn("releasing deferred deliveries failed, will retry: {}", e.toString());
    }
  }
}
