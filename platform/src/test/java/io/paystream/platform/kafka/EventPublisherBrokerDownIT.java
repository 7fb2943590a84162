package io.paystream.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.NotificationRequested;
import io.paystream.platform.PlatformDefaultsEnvironmentPostProcessor;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/**
 * {@link EventPublisher} when no broker answers: a real {@code KafkaProducer} pointed at a closed
 * local port fails within the send timeout with {@link EventPublishException}, never hangs.
 */
class EventPublisherBrokerDownIT {

  @Test
  void publishFailsWithinTheSendTimeoutWhenNoBrokerAnswers() throws Exception {
    // given: a port nothing listens on, a 2 s send timeout and a producer that would block 20 s
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Event<NotificationRequested> event = Notifications.event("cus-no-broker", "ok");

    new ApplicationContextRunner()
        .withInitializer(
            context ->
                new PlatformDefaultsEnvironmentPostProcessor()
                    .postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
        .withConfiguration(
            AutoConfigurations.of(
                KafkaAutoConfiguration.class, PaystreamKafkaAutoConfiguration.class))
        .withPropertyValues(
            "spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort,
            "paystream.kafka.send-timeout=2s",
            // longer than any slowness of this machine: only the send timeout can end the wait
            "spring.kafka.producer.properties.max.block.ms=20000")
        .run(
            context -> {
              EventPublisher publisher = context.getBean(EventPublisher.class);

              // when
              long start = System.nanoTime();
              StepVerifier.create(
                      publisher.publish(Topics.NOTIFICATIONS, event.data().customerId(), event))
                  .expectErrorSatisfies(
                      e ->
                          assertThat(e)
                              .isInstanceOf(EventPublishException.class)
                              .hasMessageContaining(event.id())
                              .hasMessageContaining("notifications"))
                  .verify(Duration.ofSeconds(30));
              Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

              // then: the send timeout (2 s), not max.block.ms (20 s) or a hang, ended the wait
              assertThat(elapsed).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(12));
            });
  }
}
