package io.paystream.platform.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka client interceptor (configured with {@code interceptor.classes}) that records every
 * offset commit the listener container's consumer made, in order, so a test can say how often and
 * when an offset was committed.
 */
public class CommitRecorder implements ConsumerInterceptor<Object, Object> {

  /** One committed offset: the next offset to read on {@code partition}. */
  record Commit(TopicPartition partition, long offset) {}

  static final List<Commit> COMMITS = new CopyOnWriteArrayList<>();

  @Override
  public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
    return records;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, om) -> COMMITS.add(new Commit(tp, om.offset())));
  }

  @Override
  public void close() {}

  @Override
  public void configure(Map<String, ?> configs) {}

  static long count(TopicPartition partition, long offset) {
    return COMMITS.stream()
        .filter(c -> c.partition().equals(partition) && c.offset() == offset)
        .count();
  }
}
