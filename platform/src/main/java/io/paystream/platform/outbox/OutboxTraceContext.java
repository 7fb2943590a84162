package io.paystream.platform.outbox;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Puts the writer's trace context into an outbox row's headers, so that the record the relay
 * publishes later, from another thread and without a span of its own, continues the trace of the
 * request or record that wrote the row: W3C {@code traceparent} (and {@code tracestate} when set)
 * and the remote baggage fields ({@code X-Request-Id}), exactly what the Kafka template's
 * observation writes on a direct send.
 *
 * <p>The context is that of {@code parent} when given (an observation taken from the Reactor
 * context, where WebFlux keeps the request's), else whatever span is in scope on the calling thread
 * (a record listener's observation). Without either nothing is added. An unsampled trace is
 * propagated too ({@code traceparent} flags {@code 00}): sampling decides what is recorded, not
 * whether the trace id travels.
 */
public interface OutboxTraceContext {

  /** Adds nothing: records are published without a {@code traceparent}. */
  OutboxTraceContext NONE = (parent, headers) -> {};

  /**
   * Adds the trace headers of {@code parent}, or of the calling thread's span, to {@code headers}.
   * Never throws for a missing context.
   *
   * @param parent the writer's observation, or {@code null} for the calling thread's
   * @param headers the row's headers, after the CloudEvents ones
   */
  void inject(@Nullable Observation parent, Headers headers);

  /**
   * The context of the application's tracer, written with its propagator (W3C trace context and
   * baggage with the OpenTelemetry bridge).
   */
  static OutboxTraceContext of(Tracer tracer, Propagator propagator) {
    Objects.requireNonNull(tracer, "tracer");
    Objects.requireNonNull(propagator, "propagator");
    Propagator.Setter<Headers> setter =
        (carrier, key, value) -> {
          carrier.remove(key);
          carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
        };
    return (parent, headers) -> {
      if (parent == null || parent.isNoop()) {
        injectCurrent(tracer, propagator, setter, headers);
        return;
      }
      try (Observation.Scope scope = parent.openScope()) {
        injectCurrent(tracer, propagator, setter, headers);
      }
    };
  }

  private static void injectCurrent(
      Tracer tracer, Propagator propagator, Propagator.Setter<Headers> setter, Headers headers) {
    TraceContext context = tracer.currentTraceContext().context();
    if (context != null) {
      propagator.inject(context, headers, setter);
    }
  }
}
