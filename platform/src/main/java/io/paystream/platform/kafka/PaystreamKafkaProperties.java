package io.paystream.platform.kafka;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * paystream's Kafka settings on top of Spring Boot's {@code spring.kafka.*}: the publisher's send
 * timeout and the consumer error handler's retry policy.
 *
 * @param sendTimeout how long {@link EventPublisher#publish} waits for the broker's acknowledgement
 *     ({@code acks=all}) before failing with {@link EventPublishException}; default 5 s
 * @param retry bounded in-place retries of a listener failure that is not known to be transient,
 *     before the record goes to the dead-letter topic {@code <topic>-<group>-dlt}
 * @param transientRetry unbounded in-place retries of a transient infrastructure failure (database,
 *     broker, Redis, timeout; {@link ConsumerFailures}): nothing goes to the dead-letter topic and
 *     no offset is committed until the record was processed
 * @param consumer group membership of every listener's consumer: how fast a crashed member's
 *     partitions are taken over
 */
@Validated
@ConfigurationProperties("paystream.kafka")
public record PaystreamKafkaProperties(
    @DefaultValue("5s") @NotNull Duration sendTimeout,
    @DefaultValue @NotNull Retry retry,
    @DefaultValue @NotNull TransientRetry transientRetry,
    @DefaultValue @NotNull Consumer consumer) {

  /**
   * Exponential back-off between delivery attempts of one record: {@code initialInterval}, then ×
   * {@code multiplier} each time, capped at {@code maxInterval}; after {@code maxRetries} retries
   * (so {@code maxRetries + 1} attempts) the record is dead-lettered. Deserialization failures and
   * {@code EventRejectedException} are never retried.
   *
   * @param maxRetries retries after the first attempt; default 3; 0 dead-letters on first failure
   * @param initialInterval wait before the first retry; default 200 ms
   * @param multiplier growth factor of the wait; default 2.0
   * @param maxInterval upper bound of one wait; default 5 s (keep the sum well below {@code
   *     max.poll.interval.ms}, 5 min by default)
   */
  public record Retry(
      @DefaultValue("3") @Min(0) int maxRetries,
      @DefaultValue("200ms") @NotNull Duration initialInterval,
      @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
      @DefaultValue("5s") @NotNull Duration maxInterval) {}

  /**
   * Back-off between attempts of a record (or batch) whose failure {@link ConsumerFailures}
   * classifies as transient: {@code initialInterval}, × {@code multiplier} each time, capped at
   * {@code maxInterval}, with no limit on attempts. Record listeners and batch listeners that
   * report a failed index sleep the back-off on the consumer thread and then seek back, so the cap
   * plus one attempt must stay well below {@code max.poll.interval.ms} (5 min by default) for the
   * consumer to keep its partitions; the next poll comes after at most cap + one attempt.
   *
   * @param initialInterval first wait; default 500 ms
   * @param multiplier growth factor; default 2.0
   * @param maxInterval longest wait; default 10 s (the retry of a healed outage starts within it)
   * @param logInterval at most one WARN line per consumer group and topic this often while
   *     transient failures go on; default 30 s
   */
  public record TransientRetry(
      @DefaultValue("500ms") @NotNull Duration initialInterval,
      @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
      @DefaultValue("10s") @NotNull Duration maxInterval,
      @DefaultValue("30s") @NotNull Duration logInterval) {}

  /**
   * Group membership of the listeners' consumers (classic group protocol, the Kafka client's
   * default). A member that dies without leaving (kill -9, OOM, node loss) keeps its partitions
   * until the broker has not heard from it for {@code sessionTimeout}; the Kafka default of 45 s
   * stalled those partitions for 45 s.
   *
   * <p>With {@code instanceId} set, every listener container joins with static membership ({@code
   * group.instance.id} = {@code <instanceId>-<listener id>}, Spring Kafka appends {@code -<n>} per
   * concurrent consumer): a member restarted under the same id takes its partitions back at once,
   * without waiting for the session to expire and without a rebalance. The id must be unique per
   * running replica and stable across its restarts: the pod name on Kubernetes (the chart sets it),
   * {@code <service>-dev} in the dev fleet. A static member does not leave the group when it stops:
   * a replica that is replaced under another name (rolling update, scale-in) hands its partitions
   * over after {@code sessionTimeout}. Blank (the default, and in tests): dynamic membership.
   *
   * <p>{@code sessionTimeout} and {@code heartbeatInterval} apply unless {@code
   * spring.kafka.consumer.properties.session.timeout.ms} / {@code heartbeat.interval.ms} are set,
   * and never with {@code group.protocol=consumer} (KIP-848: the broker's {@code
   * group.consumer.session.timeout.ms} rules there). Source: Kafka consumer configs {@code
   * session.timeout.ms}, {@code heartbeat.interval.ms}, {@code group.instance.id} (KIP-345).
   *
   * @param instanceId base of {@code group.instance.id}; default blank (dynamic membership)
   * @param sessionTimeout how long the broker waits for a silent member before reassigning its
   *     partitions; default 10 s (the broker accepts 6 s to 5 min by default)
   * @param heartbeatInterval how often a member heartbeats; default 3 s (at most a third of {@code
   *     sessionTimeout})
   */
  public record Consumer(
      @DefaultValue("") String instanceId,
      @DefaultValue("10s") @NotNull Duration sessionTimeout,
      @DefaultValue("3s") @NotNull Duration heartbeatInterval) {}
}
