package io.paystream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationRequested;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link KafkaTracingIT}'s cases with no trace recorded at all ({@code
 * management.tracing.sampling.probability=0}): sampling decides what is recorded, not what travels.
 * The trace id, the parent span id and the {@code X-Request-Id} baggage still cross Kafka ({@code
 * traceparent} flags {@code 00}) and reach the listener's span, baggage and log MDC.
 */
@SpringBootTest(
    classes = KafkaTracingIT.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.application.name=kafka-tracing-unsampled-it",
      "management.tracing.sampling.probability=0.0"
    })
class KafkaTracingUnsampledIT extends KafkaTracingIT {

  @Test
  void anUnsampledTraceIsPropagatedWithItsFlagAndBaggage() {
    Event<NotificationRequested> event = Notifications.event("cus-unsampled", "ok");
    String[] traceId = new String[1];

    try (BaggageInScope baggage = tracer.createBaggageInScope(REQUEST_ID, "req-unsampled")) {
      Observation.createNotStarted("http.server.requests", observations)
          .observe(
              () -> {
                Span span = tracer.currentSpan();
                assertThat(span.context().sampled()).as("not recorded").isFalse();
                traceId[0] = span.context().traceId();
                publisher
                    .publish(Topics.NOTIFICATIONS, event.data().customerId(), event)
                    .block(Duration.ofSeconds(60));
              });
    }

    await().atMost(Duration.ofSeconds(90)).until(() -> received.seen.containsKey(event.id()));
    Seen seen = received.seen.get(event.id());
    assertThat(seen.traceparent()).startsWith("00-" + traceId[0] + "-").endsWith("-00");
    assertThat(seen.traceId()).isEqualTo(traceId[0]);
    assertThat(seen.requestIdBaggage()).isEqualTo("req-unsampled");
    assertThat(seen.requestIdMdc()).isEqualTo("req-unsampled");
  }
}
