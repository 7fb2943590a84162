package io.paystream.devstack.bench;

import io.paystream.contracts.Event;
import io.paystream.contracts.EventTypes;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.contracts.serde.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code Devstack bench} ({@code make bench-kafka}): produces N {@code payment.requested.v1} events
 * (the golden example with a fresh payment id and one of 10,000 card tokens as the key) through the
 * contracts' CloudEvents serde with {@code acks=all} and an idempotent producer into a fresh topic
 * with the partitions of {@code payment-stream}, then consumes and deserializes them all (schema
 * validation on, as services run it). Prints records/s both ways. The topic is deleted afterwards;
 * the registry topics are not touched.
 */
@Command(
    name = "bench",
    description = "Produce and consume payment.requested.v1 events; records/s.")
public final class KafkaBench implements Callable<Integer> {

  @Option(
      names = "--bootstrap",
      defaultValue = "${env:PAYSTREAM_KAFKA_BOOTSTRAP:-127.0.0.1:19092}",
      description = "Kafka bootstrap servers (default: the dev stack broker).")
  String bootstrap;

  @Option(names = "--count", defaultValue = "100000", description = "Events to produce.")
  int count;

  @Option(names = "--cards", defaultValue = "10000", description = "Distinct keys (card tokens).")
  int cards;

  @Option(
      names = "--validate",
      defaultValue = "true",
      negatable = true,
      description = "Validate against the JSON Schema when consuming (default true).")
  boolean validate;

  /** Result of one run. */
  record Result(long produced, double produceSeconds, long consumed, double consumeSeconds) {
    double producePerSecond() {
      return produced / produceSeconds;
    }

    double consumePerSecond() {
      return consumed / consumeSeconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    String topic = "bench-payment-stream-" + System.currentTimeMillis();
    int partitions = Topics.PAYMENT_STREAM.devPartitions();
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin a = Admin.create(admin)) {
      a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      try {
        Result r = run(topic, partitions);
        System.out.printf(
            "produced %,d payment.requested.v1 events in %.2f s: %,.0f records/s"
                + " (acks=all, idempotent, CloudEvents binary mode)%n",
            r.produced(), r.produceSeconds(), r.producePerSecond());
        System.out.printf(
            "consumed %,d events in %.2f s: %,.0f records/s (deserialized%s)%n",
            r.consumed(),
            r.consumeSeconds(),
            r.consumePerSecond(),
            validate ? ", schema-validated" : ", not validated");
        return r.consumed() == r.produced() ? 0 : 1;
      } finally {
        a.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private Result run(String topic, int partitions) throws Exception {
    PaymentRequested golden = golden();
    List<String> tokens = new ArrayList<>(cards);
    for (int i = 0; i < cards; i++) {
      tokens.add("k1_bench" + String.format("%010d", i));
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failed = new AtomicReference<>();
    long start = System.nanoTime();
    try (KafkaProducer<String, Event<?>> producer =
        new KafkaProducer<>(p, new StringSerializer(), new CloudEventKafkaSerializer())) {
      for (int i = 0; i < count; i++) {
        String token = tokens.get(i % cards);
        String paymentId = UUID.randomUUID().toString();
        PaymentRequested data = variant(golden, paymentId, token, i);
        Event<PaymentRequested> event =
            Event.of(paymentId, Event.sourceOf("devstack-bench"), paymentId, data);
        producer.send(
            new ProducerRecord<>(topic, token, event),
            (metadata, e) -> {
              if (e != null) {
                failed.compareAndSet(null, e);
              } else {
                acked.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    double produceSeconds = (System.nanoTime() - start) / 1e9;
    if (failed.get() != null) {
      throw new IllegalStateException("produce failed: " + failed.get().getMessage(), failed.get());
    }

    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    c.put(CloudEventKafkaDeserializer.VALIDATE_CONFIG, Boolean.toString(validate));
    CloudEventKafkaDeserializer deserializer = new CloudEventKafkaDeserializer();
    deserializer.configure(Map.of(CloudEventKafkaDeserializer.VALIDATE_CONFIG, validate), false);
    long consumed = 0;
    long consumeStart = System.nanoTime();
    try (KafkaConsumer<String, Event<?>> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), deserializer)) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int i = 0; i < partitions; i++) {
        tps.add(new TopicPartition(topic, i));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long idleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (consumed < acked.get() && System.nanoTime() < idleDeadline) {
        for (ConsumerRecord<String, Event<?>> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value().type() != EventTypes.PAYMENT_REQUESTED) {
            throw new IllegalStateException("unexpected type " + r.value().type());
          }
          consumed++;
          idleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        }
      }
    }
    double consumeSeconds = (System.nanoTime() - consumeStart) / 1e9;
    return new Result(acked.get(), produceSeconds, consumed, consumeSeconds);
  }

  static PaymentRequested golden() {
    try (InputStream in =
        PaymentRequested.class.getResourceAsStream(
            EventTypes.PAYMENT_REQUESTED.exampleResource())) {
      if (in == null) {
        throw new IllegalStateException("golden example of payment.requested.v1 not on classpath");
      }
      return EventJson.mapper().readValue(in, PaymentRequested.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The golden event with another payment id, card token and amount. */
  static PaymentRequested variant(PaymentRequested g, String paymentId, String token, int i) {
    CardSnapshot card =
        new CardSnapshot(
            token,
            g.card().bin(),
            g.card().lastFour(),
            g.card().brand(),
            g.card().type(),
            g.card().productCode());
    return new PaymentRequested(
        paymentId,
        g.clientId(),
        g.terminalId(),
        g.channel(),
        card,
        g.customerId(),
        g.merchant(),
        1000L + (i % 100_000),
        g.currency(),
        g.location(),
        g.occurredAt(),
        g.receivedAt());
  }
}
