package io.paystream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.util.context.Context;

/**
 * Trace context across Kafka with only the platform's defaults: an event published inside a span
 * arrives with a {@code traceparent} header, the listener runs in the same trace, and the {@code
 * X-Request-Id} baggage reaches the listener's baggage and log MDC.
 */
@PaystreamIntegrationTest
@SpringBootTest(
    classes = KafkaTracingIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = "spring.application.name=kafka-tracing-it")
class KafkaTracingIT {

  static final String REQUEST_ID = "X-Request-Id";

  @Autowired EventPublisher publisher;
  @Autowired ObservationRegistry observations;
  @Autowired Tracer tracer;
  @Autowired Received received;

  @Test
  void listenerRunsInTheProducersTraceAndSeesTheRequestIdBaggage() {
    // given: a traced request whose correlation id arrived as baggage (as from an HTTP header)
    Event<NotificationRequested> event = Notifications.event("cus-traced", "ok");
    String[] producerTraceId = new String[1];

    // when: the event is published from within the request's observation
    try (BaggageInScope baggage = tracer.createBaggageInScope(REQUEST_ID, "req-7f3a9c")) {
      Observation.createNotStarted("http.server.requests", observations)
          .observe(
              () -> {
                Span span = tracer.currentSpan();
                assertThat(span).as("a span is in scope").isNotNull();
                producerTraceId[0] = span.context().traceId();
                publisher
                    .publish(Topics.NOTIFICATIONS, event.data().customerId(), event)
                    .block(Duration.ofSeconds(60));
              });
    }

    // then
    Seen seen = awaitSeen(event);
    assertThat(seen.traceparent()).isNotNull().contains(producerTraceId[0]);
    assertThat(seen.traceId()).isEqualTo(producerTraceId[0]);
    assertThat(seen.requestIdBaggage()).isEqualTo("req-7f3a9c");
    assertThat(seen.requestIdMdc()).isEqualTo("req-7f3a9c");
  }

  @Test
  void reactiveCallerWithTheObservationInTheReactorContextKeepsItsTrace() {
    // given: a request observation that is only in the Reactor context (as WebFlux passes it)
    Event<NotificationRequested> event = Notifications.event("cus-reactive", "ok");
    Observation request = Observation.start("http.server.requests", observations);
    String requestTraceId;
    try (Observation.Scope scope = request.openScope()) {
      requestTraceId = tracer.currentSpan().context().traceId();
    }
    assertThat(tracer.currentSpan()).as("nothing in scope on the calling thread").isNull();

    // when
    publisher
        .publish(Topics.NOTIFICATIONS, event.data().customerId(), event)
        .contextWrite(Context.of(ObservationThreadLocalAccessor.KEY, request))
        .block(Duration.ofSeconds(60));
    request.stop();

    // then
    Seen seen = awaitSeen(event);
    assertThat(seen.traceparent()).contains(requestTraceId);
    assertThat(seen.traceId()).isEqualTo(requestTraceId);
  }

  private Seen awaitSeen(Event<?> event) {
    await().atMost(Duration.ofSeconds(90)).until(() -> received.seen.containsKey(event.id()));
    return received.seen.get(event.id());
  }

  /** What the listener saw for one event. */
  record Seen(String traceparent, String traceId, String requestIdBaggage, String requestIdMdc) {}

  static class Received {

    final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Tracer tracer;

    Received(Tracer tracer) {
      this.tracer = tracer;
    }

    @KafkaListener(id = "tracing-it", topics = "notifications", groupId = "notification")
    void on(ConsumerRecord<String, Event<?>> record) {
      Header traceparent = record.headers().lastHeader("traceparent");
      Span span = tracer.currentSpan();
      var baggage = tracer.getBaggage(REQUEST_ID);
      seen.put(
          record.value().id(),
          new Seen(
              traceparent == null ? null : new String(traceparent.value(), StandardCharsets.UTF_8),
              span == null ? null : span.context().traceId(),
              baggage == null ? null : baggage.get(),
              MDC.get(REQUEST_ID)));
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean
    Received received(Tracer tracer) {
      return new Received(tracer);
    }
  }
}
