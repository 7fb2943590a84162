package io.paystream.payment.support;

import io.paystream.contracts.Event;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads whole topics from the beginning, as a downstream consumer would see them. */
public final class TopicReader {

  private TopicReader() {}

  /**
   * Every event on {@code topic} (with its key), reading until {@code quiet} passes without one.
   */
  public static List<ConsumerRecord<String, Event<?>>> events(
      String bootstrap, String topic, Duration quiet) {
    Properties p = base(bootstrap);
    try (KafkaConsumer<String, Event<?>> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), deserializer())) {
      return drain(consumer, topic, quiet);
    }
  }

  /** Every record on {@code topic} as raw bytes. */
  public static List<ConsumerRecord<byte[], byte[]>> raw(
      String bootstrap, String topic, Duration quiet) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            base(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      return drain(consumer, topic, quiet);
    }
  }

  private static CloudEventKafkaDeserializer deserializer() {
    CloudEventKafkaDeserializer d = new CloudEventKafkaDeserializer();
    d.configure(Map.of(), false);
    return d;
  }

  private static Properties base(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return p;
  }

  private static <K, V> List<ConsumerRecord<K, V>> drain(
      KafkaConsumer<K, V> consumer, String topic, Duration quiet) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    long deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < deadline) {
      var records = consumer.poll(Duration.ofMillis(200));
      records.forEach(out::add);
      boolean atEnd =
          partitions.stream().allMatch(tp -> consumer.position(tp) >= end.getOrDefault(tp, 0L));
      if (atEnd && records.isEmpty()) {
        break;
      }
    }
    return out;
  }
}
