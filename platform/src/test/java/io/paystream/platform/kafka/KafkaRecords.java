package io.paystream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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

  /** Waits until {@code group}'s committed offset on {@code partition} is {@code expected}. */
  static void awaitCommitted(
      String bootstrapServers,
      String group,
      TopicPartition partition,
      long expected,
      Duration patience) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      await()
          .atMost(patience)
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(() -> assertThat(committed(admin, group, partition)).isEqualTo(expected));
    }
  }

  /** Every record {@code topic} holds now, read from the start of each partition to its end. */
  static List<ConsumerRecord<byte[], byte[]>> readToEnd(
      String bootstrapServers, String topic, Duration patience) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                true),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await()
          .atMost(patience)
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
    }
    return records;
  }
}
