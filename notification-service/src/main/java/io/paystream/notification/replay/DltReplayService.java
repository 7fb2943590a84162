package io.paystream.notification.replay;

import io.paystream.contracts.Topics;
import io.paystream.notification.kafka.NotificationListener;
import io.paystream.notification.kafka.NotificationRetryTopicConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Service;

/**
 * Replays {@code notifications-notification-dlt} back onto {@code notifications}: reads the DLT
 * from the first record at or after {@code since} up to its end at the time of the call (a fresh
 * consumer with no group, so nothing is committed and the DLT is left intact), keeps the records
 * matching the filter and re-publishes each with its original key, value and CloudEvents headers,
 * minus the failure headers, plus {@value NotificationListener#REPLAY_HEADER}. The bytes are copied
 * as they are: a replayed event has the same event id and dedup key, so a dedup key already {@code
 * SENT} is never sent again, however often a record is replayed.
 */
@Service
public class DltReplayService {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final KafkaProperties kafka;

  public DltReplayService(KafkaProperties kafka) {
    this.kafka = kafka;
  }

  /**
   * What to replay.
   *
   * @param reason only records whose {@value NotificationRetryTopicConfiguration#REASON_HEADER}
   *     equals this; {@code null} = any
   * @param since only records dead-lettered at or after this instant; {@code null} = from the start
   * @param until only records dead-lettered before this instant; {@code null} = up to now
   * @param limit at most this many records are re-published
   */
  public record Filter(String reason, Instant since, Instant until, int limit) {}

  /**
   * The result of a replay.
   *
   * @param scanned DLT records read
   * @param replayed records re-published onto {@code notifications}
   */
  public record Result(long scanned, long replayed) {}

  /** Runs a replay (blocking; callers run it off the event loop). */
  public Result replay(Filter filter) {
    String dlt = Topics.NOTIFICATIONS.deadLetter("notification");
    Map<String, Object> consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerConfig.put(
        ConsumerConfig.CLIENT_ID_CONFIG, "notification-dlt-replay-" + UUID.randomUUID());
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Object> producerConfig = new HashMap<>(kafka.buildProducerProperties());
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    long scanned = 0;
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(dlt, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(dlt, p.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      seekToStart(consumer, partitions, filter.since());
      Instant deadline = Instant.now().plus(DEADLINE);
      while (!caughtUp(consumer, end) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
            continue;
          }
          scanned++;
          if (sends.size() < filter.limit() && matches(record, filter)) {
            sends.add(producer.send(toReplay(record)));
          }
        }
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replaying", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("re-publishing failed: " + e.getCause().getMessage(), e);
    }
    return new Result(scanned, sends.size());
  }

  private static void seekToStart(
      KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant since) {
    if (since == null) {
      consumer.seekToBeginning(partitions);
      return;
    }
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, since.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = found.get(p);
      consumer.seek(p, at != null ? at.offset() : ends.get(p));
    }
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  static boolean matches(ConsumerRecord<byte[], byte[]> record, Filter filter) {
    Instant at = Instant.ofEpochMilli(record.timestamp());
    if (filter.since() != null && at.isBefore(filter.since())) {
      return false;
    }
    if (filter.until() != null && !at.isBefore(filter.until())) {
      return false;
    }
    if (filter.reason() != null) {
      Header reason =
          record.headers().lastHeader(NotificationRetryTopicConfiguration.REASON_HEADER);
      return reason != null
          && filter.reason().equals(new String(reason.value(), StandardCharsets.UTF_8));
    }
    return true;
  }

  private static ProducerRecord<byte[], byte[]> toReplay(ConsumerRecord<byte[], byte[]> record) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : record.headers()) {
      String key = h.key();
      if (key.startsWith("kafka_")
          || key.startsWith("retry_topic-")
          || key.equals(NotificationRetryTopicConfiguration.REASON_HEADER)
          || key.equals(NotificationListener.REPLAY_HEADER)
          || headers.lastHeader(key) != null) { // keep one copy of each ce_* header
        continue;
      }
      headers.add(h);
    }
    headers.add(NotificationListener.REPLAY_HEADER, "true".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        Topics.NOTIFICATIONS.name(), null, record.key(), record.value(), headers);
  }
}
