package io.paystream.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.platform.logging.PanMasker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Counts and logs the platform error handler's failed delivery attempts, without flooding the log
 * during an outage.
 *
 * <ul>
 *   <li>{@code paystream.kafka.consumer.transient.retries} (counter, tags {@code group}, {@code
 *       topic}): one per failed attempt classified {@link ConsumerFailures.Kind#TRANSIENT}; the
 *       record will be attempted again, its offset is not committed.
 *   <li>{@code paystream.kafka.consumer.failures} (counter, tags {@code group}, {@code topic},
 *       {@code kind} = {@code bad-record} | {@code unknown}): other failed attempts.
 *   <li>{@code paystream.kafka.consumer.dead.letters} (counter, tags {@code group}, {@code topic}):
 *       records sent to {@code <topic>-<group>-dlt}.
 * </ul>
 *
 * Transient failures are logged at WARN at most once per {@code logInterval} per group and topic,
 * with the number of attempts since the last line; other failures and every dead letter are logged
 * each time (one line, no stack trace; the stack trace is in the dead letter's headers). Messages
 * are PAN-masked.
 */
public class ConsumerRetryReporter implements RetryListener {

  private static final Logger log = LoggerFactory.getLogger(ConsumerRetryReporter.class);

  private final MeterRegistry meters;
  private final long logIntervalMillis;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * @param meters where the counters go
   * @param logInterval at most one WARN line about transient failures per group and topic this
   *     often
   */
  public ConsumerRetryReporter(MeterRegistry meters, Duration logInterval) {
    this(meters, logInterval, Clock.systemUTC());
  }

  ConsumerRetryReporter(MeterRegistry meters, Duration logInterval, Clock clock) {
    this.meters = meters;
    this.logIntervalMillis = logInterval.toMillis();
    this.clock = clock;
  }

  @Override
  public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
    failed(record.topic(), KafkaUtils.format(record), ex, deliveryAttempt);
  }

  @Override
  public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
    // A batch failure that names its record is reported again for that record by the record
    // tracker: count it there, once.
    if (records.isEmpty() || namesARecord(ex)) {
      return;
    }
    ConsumerRecord<?, ?> first = records.iterator().next();
    failed(
        first.topic(),
        records.count() + " records from " + KafkaUtils.format(first),
        ex,
        deliveryAttempt);
  }

  @Override
  public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
    String group = group();
    Counter.builder("paystream.kafka.consumer.dead.letters")
        .description("Records sent to <topic>-<group>-dlt")
        .tag("group", group)
        .tag("topic", record.topic())
        .register(meters)
        .increment();
    log.warn(
        "dead-lettered {} of group {} to {}: {}",
        KafkaUtils.format(record),
        group,
        DeadLetterProducer.deadLetterTopic(record.topic(), group),
        reason(ex));
  }

  @Override
  public void recovered(ConsumerRecords<?, ?> records, Exception ex) {
    records.forEach(r -> recovered(r, ex));
  }

  private void failed(String topic, String what, Exception ex, int attempt) {
    String group = group();
    ConsumerFailures.Kind kind = ConsumerFailures.classify(ex);
    if (kind == ConsumerFailures.Kind.TRANSIENT) {
      Counter.builder("paystream.kafka.consumer.transient.retries")
          .description(
              "Failed attempts classified transient (database, broker, Redis, timeout);"
                  + " retried until healthy, offsets not committed")
          .tag("group", group)
          .tag("topic", topic)
          .register(meters)
          .increment();
      Window window = windows.computeIfAbsent(group + "/" + topic, k -> new Window());
      long attempts = window.attempts.incrementAndGet();
      long now = clock.millis();
      long last = window.lastLogged.get();
      if (now - last >= logIntervalMillis && window.lastLogged.compareAndSet(last, now)) {
        window.attempts.addAndGet(-attempts);
        log.warn(
            "transient failure in group {} on {} ({} failed attempts since the last report);"
                + " retrying until healthy, offsets not committed: {}",
            group,
            topic,
            attempts,
            reason(ex));
      }
      return;
    }
    Counter.builder("paystream.kafka.consumer.failures")
        .description("Failed attempts that are not transient (bad record or unknown)")
        .tag("group", group)
        .tag("topic", topic)
        .tag("kind", kind == ConsumerFailures.Kind.BAD_RECORD ? "bad-record" : "unknown")
        .register(meters)
        .increment();
    log.warn(
        "attempt {} of {} in group {} failed ({}): {}",
        attempt,
        what,
        group,
        kind == ConsumerFailures.Kind.BAD_RECORD ? "bad record" : "not known to be transient",
        reason(ex));
  }

  private static boolean namesARecord(Throwable ex) {
    int depth = 0;
    for (Throwable t = ex; t != null && depth++ < 32; t = t.getCause()) {
      if (t instanceof BatchListenerFailedException) {
        return true;
      }
    }
    return false;
  }

  private static String group() {
    String group = KafkaUtils.getConsumerGroupId();
    return group == null ? "none" : group;
  }

  /** The innermost message worth reading, PAN-masked: the deepest cause's class and message. */
  static String reason(Throwable ex) {
    Throwable deepest = ex;
    int depth = 0;
    while (deepest.getCause() != null && deepest.getCause() != deepest && depth++ < 32) {
      deepest = deepest.getCause();
    }
    String text =
        deepest == ex ? ex.toString() : ex.getClass().getSimpleName() + " ← " + deepest.toString();
    return PanMasker.mask(text);
  }

  private static final class Window {
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
  }
}
