package io.paystream.platform;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Defaults every paystream service shares, at the lowest precedence so a service's own {@code
 * application.yml}, the environment or Helm values override any of them: RFC 9457 problem details
 * on, actuator health probes (liveness/readiness groups), info and Prometheus exposed, build and
 * git info on {@code /actuator/info}; Kafka clients as ARCHITECTURE §4 wants them (producer {@code
 * acks=all} + idempotence, CloudEvents binary-mode serde, consumer without auto-commit and with
 * per-record commits after the listener returned, observation so {@code traceparent} crosses
 * Kafka); structured JSON (ECS) console logs; the correlation id {@code X-Request-Id} as tracing
 * baggage (propagated over HTTP and Kafka, put in the log MDC); R2DBC bounds on every wait
 * (connection establishment, pool acquire, server-side statement timeout), so that no statement and
 * no caller waits forever on a hung database. Every key is listed in {@code
 * docs/services/platform.md}.
 */
public class PlatformDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "paystreamPlatformDefaults";

  /**
   * Validate every consumed event against its JSON Schema ({@code true}/{@code false}). Default:
   * {@code true} when the {@code test} profile is active (every {@code @PaystreamIntegrationTest}),
   * else {@code false}: about a third of the deserializer's CPU on a hot consumer
   * (docs/performance.md). Producers keep their own switch ({@code
   * spring.kafka.producer.properties.paystream.events.validate}, off).
   */
  public static final String SCHEMA_VALIDATION = "paystream.kafka.consumer.schema-validation";

  /** Spring Boot's share of traces whose spans are recorded (0.0–1.0). */
  static final String SAMPLING_PROBABILITY = "management.tracing.sampling.probability";

  /**
   * 1 % of traces recorded in a service (Boot's own default is 10 %), every trace in tests. The
   * sampler is parent-based: the first service of a trace (the gateway for a payment) decides, the
   * others follow the {@code traceparent} flag, so a trace is recorded whole or not at all. An
   * unsampled trace still propagates its ids ({@code traceparent} flags {@code 00}) and the {@code
   * X-Request-Id} baggage over HTTP and Kafka, and its {@code trace.id} is still in every log line.
   */
  static final String DEFAULT_SAMPLING_PROBABILITY = "0.01";

  static final Map<String, Object> DEFAULTS =
      Map.ofEntries(
          Map.entry("spring.webflux.problemdetails.enabled", "true"),
          Map.entry("spring.mvc.problemdetails.enabled", "true"),
          Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus"),
          Map.entry("management.endpoint.health.probes.enabled", "true"),
          // /actuator/health is open (probes): its answer is the status only, never which
          // database, broker or disk is behind it.
          Map.entry("management.endpoint.health.show-details", "never"),
          // Resource servers accept only tokens issued for paystream (auth-server's aud claim);
          // a token our issuer signed for another audience is refused.
          Map.entry("spring.security.oauth2.resourceserver.jwt.audiences", "paystream"),
          Map.entry("management.info.git.mode", "simple"),
          Map.entry("management.info.java.enabled", "true"),
          Map.entry("server.shutdown", "graceful"),
          // Kafka producer (ARCHITECTURE §4): durable, no duplicates from producer retries.
          Map.entry("spring.kafka.producer.acks", "all"),
          Map.entry("spring.kafka.producer.properties.enable.idempotence", "true"),
          // KafkaProducer.send blocks up to max.block.ms on missing metadata: fail fast.
          Map.entry("spring.kafka.producer.properties.max.block.ms", "5000"),
          Map.entry(
              "spring.kafka.producer.key-serializer",
              "org.apache.kafka.common.serialization.StringSerializer"),
          Map.entry(
              "spring.kafka.producer.value-serializer",
              "io.paystream.contracts.serde.CloudEventKafkaSerializer"),
          // Kafka consumer: a poison record becomes a DeserializationException for the error
          // handler (-> DLT), not an endless poll loop.
          Map.entry(
              "spring.kafka.consumer.key-deserializer",
              "org.apache.kafka.common.serialization.StringDeserializer"),
          Map.entry(
              "spring.kafka.consumer.value-deserializer",
              "org.springframework.kafka.support.serializer.ErrorHandlingDeserializer"),
          Map.entry(
              "spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
              "io.paystream.contracts.serde.CloudEventKafkaDeserializer"),
          // JSON-Schema validation of every consumed event (CloudEventKafkaDeserializer): off,
          // the data is bound in one parse and a record that does not bind (missing required
          // property, wrong type, unknown enum, not JSON) is still dead-lettered with its reason;
          // on with the test profile (SCHEMA_VALIDATION below).
          Map.entry(
              "spring.kafka.consumer.properties.paystream.events.validate",
              "${" + SCHEMA_VALIDATION + "}"),
          Map.entry("spring.kafka.consumer.enable-auto-commit", "false"),
          Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
          // Commit each record's offset once its listener returned (the effect is durable).
          Map.entry("spring.kafka.listener.ack-mode", "record"),
          // Observation of KafkaTemplate sends and record listeners: what writes and reads
          // traceparent and the X-Request-Id baggage on records. Kept on; what is recorded is
          // decided by the sampling probability below (docs/services/platform.md, section 2).
          Map.entry("spring.kafka.template.observation-enabled", "true"),
          Map.entry("spring.kafka.listener.observation-enabled", "true"),
          // Correlation id: tracing baggage travels as its own header over HTTP and Kafka.
          Map.entry("management.tracing.baggage.remote-fields", "X-Request-Id"),
          Map.entry("management.tracing.baggage.correlation.fields", "X-Request-Id"),
          // No Lettuce command observations: Lettuce's MicrometerTracing throws from a command's
          // cancel() when the command's span had not started yet (a command timed out before it
          // was written), which left the shared connection's commands unanswered for good
          // (docs/services/platform.md, section 5). Redis stays visible through the cache metrics.
          Map.entry(
              "spring.autoconfigure.exclude",
              "org.springframework.boot.data.redis.autoconfigure.observation"
                  + ".LettuceObservationAutoConfiguration"),
          // R2DBC (docs/services/platform.md, section 9): a hung database fails a statement, a
          // connection attempt or a pool acquire within a bound; consumers classify those as
          // transient and retry, relays and caches retry their next pass.
          // PostgreSQL's statement_timeout, set by r2dbc-postgresql for each connection of the
          // pool: the server cancels the statement (SQLSTATE 57014) and the connection is free.
          Map.entry("spring.r2dbc.properties.statementTimeout", "10s"),
          // TCP connect of a new connection (ConnectionFactoryOptions.CONNECT_TIMEOUT).
          Map.entry("spring.r2dbc.properties.connectTimeout", "5s"),
          // JSON logs (Elastic Common Schema) with trace.id/span.id from the MDC.
          Map.entry("logging.structured.format.console", "ecs"));

  /**
   * R2DBC pool bounds, only with r2dbc-pool on the classpath: Spring Boot refuses to start when
   * {@code spring.r2dbc.pool.*} is set without it.
   */
  static final Map<String, Object> POOL_DEFAULTS =
      Map.of(
          // connect + startup + authentication of a new pooled connection.
          "spring.r2dbc.pool.max-create-connection-time", "10s",
          // waiting for a free pooled connection; above statementTimeout, so that the statements
          // that hold the pool are cancelled before a waiter gives up.
          "spring.r2dbc.pool.max-acquire-time", "15s",
          // validating a connection taken from the pool.
          "spring.r2dbc.pool.max-validation-time", "5s");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new HashMap<>(DEFAULTS);
    boolean test = environment.matchesProfiles("test");
    defaults.put(SCHEMA_VALIDATION, Boolean.toString(test));
    defaults.put(SAMPLING_PROBABILITY, test ? "1.0" : DEFAULT_SAMPLING_PROBABILITY);
    if (ClassUtils.isPresent("io.r2dbc.pool.ConnectionPool", application.getClassLoader())) {
      defaults.putAll(POOL_DEFAULTS);
    }
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
  }
}
