package io.paystream.platform.kafka;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Copies the records of a dead-letter topic back to the topic they came from ({@code
 * kafka_dlt-original-topic}): same key, same value bytes, same headers ({@code ce_*}, {@code
 * content-type}, {@code traceparent}, ...) minus the {@code kafka_dlt-*} failure headers, {@code
 * acks=all} and idempotent. Consumers de-duplicate by {@code ce_id}, so a record that was in fact
 * processed is dropped. The console tools cannot do this: their text format breaks on the
 * multi-line stack-trace header and cannot drop headers.
 *
 * <p>Reads from the beginning of every DLT partition (or {@code --from-offset}) up to the end that
 * was there at start, commits nothing and joins no group. Usage (classpath: any service's, or the
 * runbook's):
 *
 * <pre>
 * java -cp "$CP" io.paystream.platform.kafka.DeadLetterReplay --bootstrap-server 127.0.0.1:9092 \
 *   --dlt payment-stream-fds-dlt [--from-offset N] [--exclude-exception FQCN]... [--dry-run]
 * </pre>
 *
 * Prints one line per record (partition, offset, original topic and offset, action) and a summary;
 * exit code 0 on success, 2 on bad arguments, 1 on a Kafka error.
 */
public final class DeadLetterReplay {

  static final String DLT_HEADER_PREFIX = "kafka_dlt-";

  /**
   * What to replay.
   *
   * @param bootstrapServers Kafka {@code bootstrap.servers}
   * @param deadLetterTopic the DLT to read, e.g. {@code payment-stream-fds-dlt}
   * @param fromOffset first DLT offset to replay in every partition (0 = from the beginning)
   * @param excludedExceptions {@code kafka_dlt-exception-fqcn} values not to replay (e.g. {@code
   *     org.springframework.kafka.support.serializer.DeserializationException}: a poison record
   *     fails again)
   * @param dryRun list what would be replayed, send nothing
   */
  public record Options(
      String bootstrapServers,
      String deadLetterTopic,
      long fromOffset,
      List<String> excludedExceptions,
      boolean dryRun) {}

  /**
   * The outcome.
   *
   * @param replayed records sent back to their original topic
   * @param skipped records left alone (excluded exception or no original topic)
   */
  public record Result(int replayed, int skipped) {}

  private DeadLetterReplay() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: DeadLetterReplay --bootstrap-server HOST:PORT --dlt TOPIC [--from-offset N]"
              + " [--exclude-exception FQCN]... [--dry-run]");
      System.exit(2);
      return;
    }
    try {
      Result result = replay(options, System.out);
      System.out.printf(
          "%s %d record(s), skipped %d%n",
          options.dryRun() ? "would replay" : "replayed", result.replayed(), result.skipped());
    } catch (RuntimeException e) {
      System.err.println("replay failed: " + e);
      System.exit(1);
    }
  }

  static Options parse(String[] args) {
    String bootstrap = null;
    String dlt = null;
    long from = 0;
    List<String> excluded = new ArrayList<>();
    boolean dryRun = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap-server" -> bootstrap = value(args, ++i);
        case "--dlt" -> dlt = value(args, ++i);
        case "--from-offset" -> from = Long.parseLong(value(args, ++i));
        case "--exclude-exception" -> excluded.add(value(args, ++i));
        case "--dry-run" -> dryRun = true;
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (bootstrap == null || dlt == null) {
      throw new IllegalArgumentException("--bootstrap-server and --dlt are required");
    }
    if (!dlt.endsWith("-dlt")) {
      throw new IllegalArgumentException("not a dead-letter topic (<topic>-<group>-dlt): " + dlt);
    }
    return new Options(bootstrap, dlt, from, List.copyOf(excluded), dryRun);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  /**
   * Replays the dead letters selected by {@code options}, reporting each one on {@code out}.
   *
   * @throws org.apache.kafka.common.KafkaException when Kafka cannot be read or written
   */
  public static Result replay(Options options, PrintStream out) {
    Map<String, Object> consumerProps = new HashMap<>();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Object> producerProps = new HashMap<>();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    int replayed = 0;
    int skipped = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(options.deadLetterTopic(), Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      if (partitions.isEmpty()) {
        throw new IllegalStateException("no such topic: " + options.deadLetterTopic());
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      Map<TopicPartition, Long> begin =
          consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
      Map<TopicPartition, Long> start = new HashMap<>();
      Map<TopicPartition, Long> remaining = new HashMap<>();
      for (TopicPartition tp : partitions) {
        long first = Math.max(begin.get(tp), options.fromOffset());
        if (first < end.get(tp)) {
          start.put(tp, first);
          remaining.put(tp, end.get(tp));
        }
      }
      consumer.assign(remaining.keySet());
      start.forEach(consumer::seek);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!remaining.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("dead letters not read within 5 min: " + remaining);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          Long stop = remaining.get(tp);
          if (stop == null || record.offset() >= stop) {
            continue;
          }
          if (replayOne(record, options, producer, out)) {
            replayed++;
          } else {
            skipped++;
          }
          if (record.offset() + 1 >= stop) {
            remaining.remove(tp);
          }
        }
        for (TopicPartition tp : List.copyOf(remaining.keySet())) {
          if (consumer.position(tp) >= remaining.get(tp)) {
            remaining.remove(tp);
          }
        }
      }
      producer.flush();
    }
    return new Result(replayed, skipped);
  }

  private static boolean replayOne(
      ConsumerRecord<byte[], byte[]> record,
      Options options,
      KafkaProducer<byte[], byte[]> producer,
      PrintStream out) {
    String originalTopic = text(record, "kafka_dlt-original-topic");
    String exception = text(record, "kafka_dlt-exception-fqcn");
    String where = record.partition() + "/" + record.offset();
    if (originalTopic == null) {
      out.printf("%s skipped: no kafka_dlt-original-topic header%n", where);
      return false;
    }
    if (exception != null && options.excludedExceptions().contains(exception)) {
      out.printf("%s skipped: %s%n", where, exception);
      return false;
    }
    RecordHeaders headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (!header.key().startsWith(DLT_HEADER_PREFIX)) {
        headers.add(header);
      }
    }
    if (!options.dryRun()) {
      try {
        producer
            .send(new ProducerRecord<>(originalTopic, null, record.key(), record.value(), headers))
            .get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("could not replay " + where + " to " + originalTopic, e);
      }
    }
    out.printf(
        "%s %s to %s (was %s, %s)%n",
        where,
        options.dryRun() ? "would replay" : "replayed",
        originalTopic,
        exception,
        text(record, "ce_id"));
    return true;
  }

  private static String text(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
