package io.paystream.platform.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** What the Kafka ITs read back: record headers and a group's committed offsets. */
final class KafkaRecords {

  private KafkaRecords() {}

  /**
   * The last header {@code name} as text; spring-kafka's binary {@code
   * kafka_dlt-original-partition} (int) and {@code -offset} (long) as their decimal value; null
   * when absent.
   */
  static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    if (header == null) {
      return null;
    }
    byte[] value = header.value();
    if (name.equals("kafka_dlt-original-partition") && value.length == Integer.BYTES) {
      return String.valueOf(ByteBuffer.wrap(value).getInt());
    }
    if (name.equals("kafka_dlt-original-offset") && value.length == Long.BYTES) {
      return String.valueOf(ByteBuffer.wrap(value).getLong());
    }
    return new String(value, StandardCharsets.UTF_8);
  }

  /** {@code group}'s committed offset on {@code partition}, or null when it has none. */
  static Long committed(Admin admin, String group, TopicPartition partition) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    OffsetAndMetadata committed = offsets.get(partition);
    return committed == null ? null : committed.offset();
  }
}
