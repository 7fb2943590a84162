package io.paystream.simulator.check;

import java.util.Map;
import java.util.TreeMap;

/**
 * Consumer lag arithmetic: for each partition a group has committed, lag = log end offset −
 * committed offset, floored at 0 (a committed offset past a cached end offset is not negative lag);
 * summed per topic. Partitions without a known end offset count as lag 0 (deleted topic).
 */
public final class ConsumerLag {

  /**
   * A topic partition.
   *
   * @param topic topic name
   * @param partition partition number, ≥ 0
   */
  public record Partition(String topic, int partition) {}

  private ConsumerLag() {}

  /**
   * Lag of one group per topic.
   *
   * @param committed the group's committed offsets (next offset to read) by partition
   * @param endOffsets log end offsets by partition
   * @return topic → summed lag in records, sorted by topic
   */
  public static Map<String, Long> perTopic(
      Map<Partition, Long> committed, Map<Partition, Long> endOffsets) {
    Map<String, Long> lag = new TreeMap<>();
    committed.forEach(
        (p, offset) -> {
          Long end = endOffsets.get(p);
          long l = end == null || offset == null ? 0 : Math.max(0, end - offset);
          lag.merge(p.topic(), l, Long::sum);
        });
    return lag;
  }

  /** Total lag over every group and topic of {@code lagByGroup} (group → topic → lag). */
  public static long total(Map<String, Map<String, Long>> lagByGroup) {
    return lagByGroup.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  /** {@code group/topic=lag} for every non-zero lag, e.g. {@code fds/payment-stream=12}. */
  public static String describeNonZero(Map<String, Map<String, Long>> lagByGroup) {
    StringBuilder sb = new StringBuilder();
    lagByGroup.forEach(
        (group, topics) ->
            topics.forEach(
                (topic, lag) -> {
                  if (lag > 0) {
                    if (!sb.isEmpty()) {
                      sb.append(", ");
                    }
                    sb.append(group).append('/').append(topic).append('=').append(lag);
                  }
                }));
    return sb.toString();
  }
}
