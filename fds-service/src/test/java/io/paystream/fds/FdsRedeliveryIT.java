package io.paystream.fds;

import static io.paystream.fds.TestPayments.NEW_YORK;
import static io.paystream.fds.TestPayments.SEOUL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.VerificationRequested;
import io.paystream.contracts.serde.CloudEventKafkaDeserializer;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The same events delivered twice, with the consumer stopped while batches are in flight and
 * started again: the ledger holds each payment once with the same events, and every decision
 * reaches {@code payment-decisions} at least once, per payment without a gap in its sequences.
 * {@code -Dfds.redelivery.events=N} (failsafe {@code argLine}; default 6 000, ten payments per
 * card) sizes the stream: the 10 000 pass too but take ~2 min 30 s on a loaded 2-core
 * machine.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    properties = {"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks"})
class FdsRedeliveryIT {

  private static final int EVENTS = Integer.getInteger("fds.redelivery.events", 6_000);
  private static final int PER_CARD = 10;

  /** The per-card payment that jumps to New York an hour after Seoul: held, not approved. */
  private static final int JUMP = 5;

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void twiceDeliveredStreamWithARestartLeavesOneLedgerEntryPerPaymentAndGaplessDecisions(
      Infra infra) throws Exception {
    // given a stream of payments: per card hourly in Seoul, one of them in New York
    Instant t0 = Instant.now().minus(Duration.ofDays(2));
    int cards = EVENTS / PER_CARD;
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<PaymentRequested> stream = new ArrayList<>(EVENTS);
    Map<String, String> expectedEvents = new HashMap<>();
    for (int k = 0; k < PER_CARD; k++) {
      for (int c = 0; c < cards; c++) {
        String card = "card-" + run + "-" + c;
        boolean jump = k == JUMP;
        PaymentRequested p =
            TestPayments.pos(card, jump ? NEW_YORK : SEOUL, t0.plus(Duration.ofHours(k)));
        stream.add(p);
        expectedEvents.put(
            p.paymentId(),
            jump ? "0:RECEIVED,1:PENDING_VERIFICATION" : "0:RECEIVED,1:APPROVED,2:COMPLETED");
      }
    }
    Map<String, List<Integer>> published = new ConcurrentHashMap<>();
    Set<String> verificationRequested = ConcurrentHashMap.newKeySet();
    Thread reader = readOutputs(infra, published, verificationRequested);
    long started = System.nanoTime();

    // when the stream is delivered once, the consumer is stopped while batches are in flight,
    // the whole stream is delivered a second time and the consumer started again
    stream.forEach(this::send);
    kafka.flush();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> count(infra, "SELECT count(*) FROM ledger.transactions") >= EVENTS / 3);
    MessageListenerContainer container = listeners.getListenerContainer("fds-payments");
    container.stop();
    long decidedAtStop = count(infra, "SELECT count(*) FROM ledger.transactions");
    stream.forEach(this::send);
    kafka.flush();
    container.start();

    // then every payment is in the ledger once, with exactly the events its decision calls for
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count(infra, "SELECT count(*) FROM ledger.processed_events") >= EVENTS
                    && count(infra, "SELECT count(*) FROM ledger.outbox") == 0
                    && published.size() >= EVENTS);
    assertThat(decidedAtStop).as("stopped mid-stream").isBetween(1L, EVENTS - 1L);
    assertThat(count(infra, "SELECT count(*) FROM ledger.transactions")).isEqualTo(EVENTS);
    Map<String, String> ledgerEvents = ledgerEvents(infra);
    assertThat(ledgerEvents).hasSize(EVENTS).isEqualTo(expectedEvents);
    assertThat(
            count(
                infra,
                "SELECT count(*) FROM ledger.transactions t WHERE t.last_sequence <>"
                    + " (SELECT max(sequence) FROM ledger.payment_events e"
                    + " WHERE e.payment_id = t.payment_id)"))
        .isZero();

    // and every resting state was published at least once, and nothing else: an immediate
    // approval publishes only its final COMPLETED (sequence 2), a hold its PENDING_VERIFICATION
    // (sequence 1); a re-published duplicate may repeat it
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                expectedEvents.keySet().stream()
                    .allMatch(id -> !published.getOrDefault(id, List.of()).isEmpty()));
    reader.interrupt();
    reader.join(10_000);
    for (Map.Entry<String, String> e : expectedEvents.entrySet()) {
      int last = e.getValue().split(",").length - 1;
      assertThat(published.get(e.getKey()))
          .as("payment %s published", e.getKey())
          .isNotEmpty()
          .containsOnly(last);
    }
    long held = expectedEvents.values().stream().filter(v -> v.contains("PENDING")).count();
    assertThat(verificationRequested).hasSize((int) held);
    System.out.printf(
        "REDELIVERY events=%d delivered=%d decided-at-stop=%d took=%.1fs%n",
        EVENTS, 2 * EVENTS, decidedAtStop, (System.nanoTime() - started) / 1e9);
  }

  private void send(PaymentRequested p) {
    kafka.send(
        Topics.PAYMENT_STREAM.name(),
        p.card().token(),
        Event.of(p.paymentId(), Event.sourceOf("payment-api"), p.paymentId(), p));
  }

  /** Reads both output topics from the start, in a thread, until interrupted. */
  private static Thread readOutputs(
      Infra infra, Map<String, List<Integer>> published, Set<String> verificationRequested) {
    Properties props = infra.kafkaClientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "fds-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    KafkaConsumer<String, Event<?>> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new CloudEventKafkaDeserializer());
    consumer.subscribe(
        List.of(Topics.PAYMENT_DECISIONS.name(), Topics.VERIFICATION_REQUESTS.name()));
    Thread thread =
        new Thread(
            () -> {
              try (consumer) {
                while (!Thread.currentThread().isInterrupted()) {
                  consumer
                      .poll(Duration.ofMillis(200))
                      .forEach(
                          r -> {
                            if (r.value().data() instanceof PaymentDecided d) {
                              published
                                  .computeIfAbsent(d.paymentId(), k -> new CopyOnWriteArrayList<>())
                                  .add((int) d.sequence());
                            } else if (r.value().data() instanceof VerificationRequested v) {
                              verificationRequested.add(v.paymentId());
                            }
                          });
                }
              } catch (InterruptException e) {
                // asked to stop
              }
            },
            "fds-it-output-reader");
    thread.start();
    return thread;
  }

  private static Map<String, String> ledgerEvents(Infra infra) throws Exception {
    Map<String, String> events = new HashMap<>();
    try (Connection c = infra.openJdbc();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT payment_id, string_agg(sequence || ':' || status, ',' ORDER BY"
                        + " sequence) FROM ledger.payment_events GROUP BY payment_id")) {
      while (rs.next()) {
        events.put(rs.getString(1), rs.getString(2));
      }
    }
    return events;
  }

  private static long count(Infra infra, String sql) throws Exception {
    try (Connection c = infra.openJdbc();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
