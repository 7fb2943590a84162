package io.paystream.platform.kafka;

import io.paystream.contracts.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaUtils;

/**
 * The producer that writes dead-letter records. Kept apart from the application's {@code
 * KafkaTemplate} (and not exposed as one, so Spring Boot's own template and producer factory stay
 * in place) because it must write the original bytes of records that are not valid events: see
 * {@link DeadLetterSerializer}. Same connection settings as {@code spring.kafka.producer.*}, {@code
 * acks=all}, idempotent.
 */
public class DeadLetterProducer implements DisposableBean {

  private final DefaultKafkaProducerFactory<Object, Object> producerFactory;
  private final KafkaTemplate<Object, Object> template;

  public DeadLetterProducer(Map<String, Object> producerProperties, boolean observationEnabled) {
    Map<String, Object> props = new HashMap<>(producerProperties);
    props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producerFactory =
        new DefaultKafkaProducerFactory<>(
            props, new DeadLetterSerializer(), new DeadLetterSerializer());
    this.template = new KafkaTemplate<>(producerFactory);
    this.template.setObservationEnabled(observationEnabled);
  }

  /** The template writing dead letters. */
  public KafkaTemplate<Object, Object> template() {
    return template;
  }

  /**
   * A recoverer that sends a failed record to {@code <topic>-<group>-dlt} ({@code
   * Topic.deadLetter(group)}; the group is the listener container's), letting the producer pick the
   * partition by key (a DLT may have fewer partitions than its topic), with the original key, value
   * and headers, the {@code kafka_dlt-original-*} headers and PAN-masked exception headers.
   */
  public DeadLetterPublishingRecoverer recoverer() {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(template, DeadLetterProducer::destination);
    recoverer.setExceptionHeadersCreator(new DeadLetterHeaders());
    return recoverer;
  }

  /** The dead-letter topic of a record consumed by the current listener container's group. */
  static TopicPartition destination(ConsumerRecord<?, ?> record, Exception exception) {
    return new TopicPartition(deadLetterTopic(record.topic(), KafkaUtils.getConsumerGroupId()), -1);
  }

  /** {@code <topic>-<group>-dlt}, by the registry's naming when the topic is registered. */
  static String deadLetterTopic(String topic, String group) {
    if (group == null || group.isBlank()) {
      throw new IllegalStateException(
          "cannot dead-letter a record of " + topic + ": the listener has no consumer group");
    }
    return Topics.byName(topic)
        .map(t -> t.deadLetter(group))
        .orElseGet(() -> topic + "-" + group + "-dlt");
  }

  @Override
  public void destroy() {
    producerFactory.destroy();
  }
}
