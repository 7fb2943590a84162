package io.paystream.contracts;

import java.util.Objects;

/**
 * A Kafka topic with the one event type it carries.
 *
 * @param name topic name
 * @param key what the record key is (documentation and tests: {@code cardToken}, {@code
 *     customerId}, {@code subject}); records of one key stay in order on one partition
 * @param eventType the event type of every record
 * @param devPartitions partitions in the dev stack and tests
 * @param prodPartitions default partitions in production (Helm values may override)
 * @param <T> the event data record type
 */
public record Topic<T extends Record>(
    String name, String key, EventType<T> eventType, int devPartitions, int prodPartitions) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(eventType, "eventType");
    if (devPartitions < 1 || prodPartitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1");
    }
  }

  /** Creates a topic definition. */
  public static <T extends Record> Topic<T> of(
      String name, String key, EventType<T> eventType, int devPartitions, int prodPartitions) {
    return new Topic<>(name, key, eventType, devPartitions, prodPartitions);
  }

  /**
   * The dead-letter topic of a consumer group: {@code <topic>-<group>-dlt} (ARCHITECTURE §4).
   * Records there carry the original key, value and headers plus the failure headers.
   */
  public String deadLetter(String consumerGroup) {
    return name + "-" + consumerGroup + "-dlt";
  }

  /** The N-th retry topic of a consumer group: {@code <topic>-<group>-retry-N}, N ≥ 1. */
  public String retry(String consumerGroup, int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1");
    }
    return name + "-" + consumerGroup + "-retry-" + attempt;
  }
}
