package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.Topics;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void combinedKraftPropertiesUseTheConfiguredLoopbackPortsAndReplicationFactorOne() {
    StackConfig c =
        StackConfig.fromEnvironment(
            Map.of("PAYSTREAM_KAFKA_PORT", "29092", "PAYSTREAM_KAFKA_CONTROLLER_PORT", "29093"),
            Path.of("/repo"),
            "cp");

    Map<String, String> p = KafkaBroker.serverProperties(c, Path.of("/repo/.run/kafka/data"));

    assertThat(p)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:29093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("log.dirs", "/repo/.run/kafka/data");
  }

  @Test
  void registryTopicsAreEveryTopicAndEveryDeadLetterTopicWithDevPartitions() {
    assertThat(KafkaBroker.registryTopics())
        .hasSize(Topics.ALL.size() + Topics.SUBSCRIPTIONS.size())
        .extracting(NewTopic::name, NewTopic::numPartitions)
        .contains(
            org.assertj.core.groups.Tuple.tuple("payment-stream", 6),
            org.assertj.core.groups.Tuple.tuple("notifications", 3),
            org.assertj.core.groups.Tuple.tuple("payment-stream-fds-dlt", 6));
  }

  @Test
  void threeNodesFormAStaticQuorumWithReplicationFactorThreeAndMinIsrTwo() {
    StackConfig c =
        StackConfig.fromEnvironment(Map.of("PAYSTREAM_KAFKA_BROKERS", "3"), Path.of("/repo"), "cp");

    Map<String, String> p = KafkaBroker.serverProperties(c, 2, Path.of("/d"));

    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096");
    assertThat(p)
        .containsEntry("node.id", "2")
        .containsEntry(
            "controller.quorum.voters", "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097")
        .doesNotContainKey("controller.quorum.bootstrap.servers")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19094")
        .containsEntry("default.replication.factor", "3")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("min.insync.replicas", "2");
    assertThat(KafkaBroker.registryTopics((short) 3))
        .allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 3));
  }
}
