package io.paystream.gateway.activity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.ActivityRecorded;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes {@code activity.recorded.v1} to {@code user-activity} (key = subject) off the request
 * path: {@link #record} only offers to a bounded queue (never blocks); one background thread hands
 * the events to Kafka. A full queue (Kafka slow or down) drops the event and counts it in {@code
 * paystream.gateway.activity.dropped}; failed sends count in {@code
 * paystream.gateway.activity.failed}. After a failed send the thread pauses for 1 s (the buffer
 * fills and further events are dropped and counted) instead of spinning on a broker that is away.
 */
public class ActivityPublisher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ActivityPublisher.class);
  private static final URI SOURCE = Event.sourceOf("gateway");

  /** Pause of the publishing thread after a failed send. */
  static final long BACKOFF_NANOS = 1_000_000_000L;

  private final KafkaTemplate<String, Event<?>> kafka;
  private final BlockingQueue<ActivityRecorded> queue;
  private final Counter dropped;
  private final Counter failed;
  private final Counter published;
  private volatile Thread worker;
  private volatile boolean running;
  private volatile long pausedUntilNanos;

  public ActivityPublisher(
      KafkaTemplate<String, Event<?>> kafka, int capacity, MeterRegistry meters) {
    this.kafka = kafka;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dropped =
        Counter.builder("paystream.gateway.activity.dropped")
            .description("activity events dropped because the buffer was full")
            .register(meters);
    this.failed =
        Counter.builder("paystream.gateway.activity.failed")
            .description("activity events Kafka did not accept")
            .register(meters);
    this.published =
        Counter.builder("paystream.gateway.activity.published")
            .description("activity events acknowledged by Kafka")
            .register(meters);
    Gauge.builder("paystream.gateway.activity.buffered", queue, BlockingQueue::size)
        .description("activity events waiting for Kafka")
        .register(meters);
  }

  /** Queues the event for Kafka; drops and counts it if the buffer is full. Never blocks. */
  public void record(ActivityRecorded activity) {
    if (!queue.offer(activity)) {
      dropped.increment();
    }
  }

  private void drain() {
    while (running || !queue.isEmpty()) {
      ActivityRecorded activity;
      try {
        activity = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (activity == null) {
        continue;
      }
      long pause = pausedUntilNanos - System.nanoTime();
      if (pause > 0) {
        failed.increment();
        try {
          Thread.sleep(Math.min(pause / 1_000_000 + 1, 200));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        continue;
      }
      try {
        Event<ActivityRecorded> event =
            Event.of(activity.requestId(), SOURCE, activity.subject(), activity);
        kafka
            .send(Topics.USER_ACTIVITY.name(), activity.subject(), event)
            .whenComplete(
                (result, error) -> {
                  if (error == null) {
                    published.increment();
                  } else {
                    failed.increment();
                    pausedUntilNanos = System.nanoTime() + BACKOFF_NANOS;
                  }
                });
      } catch (RuntimeException e) {
        failed.increment();
        pausedUntilNanos = System.nanoTime() + BACKOFF_NANOS;
        log.warn("activity events paused for 1 s: {}", e.toString());
      }
    }
  }

  @Override
  public void start() {
    running = true;
    worker = Thread.ofPlatform().name("activity-publisher").daemon().start(this::drain);
  }

  @Override
  public void stop() {
    running = false;
    Thread t = worker;
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
