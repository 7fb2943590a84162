package io.paystream.platform.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The transactional outbox ({@link OutboxWriter}, {@link OutboxRelay}) over the table named by
 * {@code paystream.outbox.table}. Active only with spring-r2dbc, r2dbc-postgresql and spring-kafka
 * on the classpath, a {@link ConnectionFactory} bean, and the property set. The relay runs unless
 * {@code paystream.outbox.relay-enabled=false}.
 *
 * <p>The writer stores the writer's trace context with each row when the application has a
 * Micrometer {@link Tracer} and {@link Propagator} (the platform's OpenTelemetry bridge), so the
 * relay publishes it as the record's {@code traceparent}.
 *
 * <p>The relay's producer is its own ({@code spring.kafka.producer.*} connection settings, {@code
 * acks=all}, idempotent, byte-array values) and is not exposed as a {@code KafkaTemplate} bean, so
 * Boot's template stays in place.
 */
@AutoConfiguration(after = {R2dbcAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnClass({
  DatabaseClient.class,
  PostgresqlConnection.class,
  KafkaTemplate.class,
  KafkaProperties.class
})
@ConditionalOnBean({ConnectionFactory.class, KafkaProperties.class})
@ConditionalOnProperty(prefix = "paystream.outbox", name = "table")
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  OutboxWriter outboxWriter(
      ConnectionFactory connectionFactory,
      OutboxProperties properties,
      KafkaProperties kafkaProperties,
      ObjectProvider<ObservationRegistry> observations,
      ObjectProvider<Tracer> tracer,
      ObjectProvider<Propagator> propagator) {
    Tracer t = tracer.getIfUnique();
    Propagator p = propagator.getIfUnique();
    return new OutboxWriter(
        DatabaseClient.create(connectionFactory),
        properties,
        kafkaProperties.buildProducerProperties(),
        observations.getIfUnique(() -> ObservationRegistry.NOOP),
        t != null && p != null ? OutboxTraceContext.of(t, p) : OutboxTraceContext.NONE);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = "paystream.outbox.relay-enabled", matchIfMissing = true)
  OutboxRelay outboxRelay(
      ConnectionFactory connectionFactory,
      OutboxProperties properties,
      KafkaProperties kafkaProperties,
      ObjectProvider<MeterRegistry> meters) {
    return new OutboxRelay(
        connectionFactory,
        relayTemplate(kafkaProperties.buildProducerProperties()),
        true,
        properties,
        meters.getIfAvailable(SimpleMeterRegistry::new));
  }

  /**
   * A byte-array producer with the application's connection settings, {@code acks=all} and
   * idempotence (per-partition order across retries), no transactions.
   */
  static KafkaTemplate<String, byte[]> relayTemplate(Map<String, Object> producerProperties) {
    Map<String, Object> props = new HashMap<>(producerProperties);
    props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
    DefaultKafkaProducerFactory<String, byte[]> factory =
        new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer());
    return new KafkaTemplate<>(factory);
  }
}
