package io.paystream.notification;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationChannel;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.contracts.serde.CloudEventKafkaSerializer;
import io.paystream.devstack.test.Infra;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test fixtures: the registry contact view, an event producer, DLT and delivery-log readers. */
public final class NotificationTestSupport {

  private NotificationTestSupport() {}

  /** Creates payment-api's view {@code registry.customer_contacts} over a test table. */
  public static void createContactView(Infra infra) throws SQLException {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS registry");
      s.execute(
          "CREATE TABLE IF NOT EXISTS registry.customers (customer_id text PRIMARY KEY,"
              + " name text, phone_e164 text, email text, push_token text, locale text)");
      s.execute(
          "CREATE OR REPLACE VIEW registry.customer_contacts AS SELECT customer_id, name,"
              + " phone_e164, email, push_token, locale FROM registry.customers");
    }
  }

  /** Adds or replaces a customer in the test registry. */
  public static void putCustomer(
      Infra infra, String id, String phone, String email, String pushToken, String locale)
      throws SQLException {
    try (Connection c = infra.openJdbc();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO registry.customers VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id)"
                    + " DO UPDATE SET phone_e164 = EXCLUDED.phone_e164, email = EXCLUDED.email,"
                    + " push_token = EXCLUDED.push_token, locale = EXCLUDED.locale")) {
      s.setString(1, id);
      s.setString(2, "Customer " + id);
      s.setString(3, phone);
      s.setString(4, email);
      s.setString(5, pushToken);
      s.setString(6, locale);
      s.executeUpdate();
    }
  }

  /** A notification request event with a fresh event id. */
  public static Event<NotificationRequested> request(
      String customerId,
      String dedupKey,
      NotificationChannel channel,
      String template,
      String locale,
      Map<String, String> parameters,
      boolean urgent) {
    NotificationRequested data =
        new NotificationRequested(
            UUID.randomUUID().toString(),
            dedupKey,
            customerId,
            channel,
            template,
            locale,
            parameters,
            urgent,
            null,
            Instant.now());
    return Event.of(UUID.randomUUID().toString(), Event.sourceOf("test"), dedupKey, data);
  }

  /** A producer of CloudEvents records, as any paystream service would send them. */
  public static KafkaProducer<String, Event<?>> producer(Infra infra) {
    Properties p = infra.kafkaClientProperties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new CloudEventKafkaSerializer());
  }

  /** Sends events onto {@code notifications} keyed by customer and waits for the acks. */
  public static void send(Infra infra, List<Event<NotificationRequested>> events) throws Exception {
    try (KafkaProducer<String, Event<?>> producer = producer(infra)) {
      for (Event<NotificationRequested> e : events) {
        producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(), e.data().customerId(), e));
      }
      producer.flush();
    }
  }

  /** Every record now in {@code notifications-notification-dlt}. */
  public static List<ConsumerRecord<byte[], byte[]>> deadLetters(Infra infra) {
    Properties p = infra.kafkaClientProperties();
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    String dlt = Topics.NOTIFICATIONS.deadLetter("notification");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(dlt).stream()
              .map(i -> new TopicPartition(dlt, i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline
          && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(java.time.Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * The delivery row of a dedup key.
   *
   * @param status status
   * @param attempts attempts
   * @param error error or null
   * @param recipientMasked masked recipient
   * @param providerMessageId provider id
   */
  public record Row(
      String status,
      int attempts,
      String error,
      String recipientMasked,
      String providerMessageId) {}

  /** Reads the delivery row of a dedup key, or null. */
  public static Row delivery(Infra infra, String dedupKey) throws SQLException {
    try (Connection c = infra.openJdbc();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, attempts, error, recipient_masked, provider_message_id"
                    + " FROM notification.deliveries WHERE dedup_key = ?")) {
      s.setString(1, dedupKey);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? new Row(r.getString(1), r.getInt(2), r.getString(3), r.getString(4), r.getString(5))
            : null;
      }
    }
  }

  /** Attempt statuses of a dedup key's delivery, in order. */
  public static List<String> attempts(Infra infra, String dedupKey) throws SQLException {
    try (Connection c = infra.openJdbc();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT a.status FROM notification.delivery_attempts a JOIN"
                    + " notification.deliveries d ON d.id = a.delivery_id WHERE d.dedup_key = ?"
                    + " ORDER BY a.attempt")) {
      s.setString(1, dedupKey);
      List<String> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    }
  }
}
