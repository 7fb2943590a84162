package io.paystream.devstack.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.paystream.contracts.Topics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

@PaystreamIntegrationTest
class RealInfraIT {

  @Test
  void brokerHasEveryRegistryTopicAndEverySubscriptionsDeadLetterTopic(Infra infra)
      throws Exception {
    try (Admin admin = Admin.create(infra.kafkaClientProperties())) {
      Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);

      assertThat(names).contains("payment-stream", "payment-decisions", "notifications");
      assertThat(names).contains("payment-stream-fds-dlt", "notifications-notification-dlt");
      assertThat(
              admin
                  .describeTopics(Set.of(Topics.PAYMENT_STREAM.name()))
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS)
                  .get(Topics.PAYMENT_STREAM.name())
                  .partitions())
          .hasSize(Topics.PAYMENT_STREAM.devPartitions());
    }
  }

  @Test
  void givesTheClassItsOwnDatabase(Infra infra) throws Exception {
    try (Connection c = infra.openJdbc();
        ResultSet rs = c.createStatement().executeQuery("select current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(infra.database()).startsWith("it_realinfrait_");
    }
  }

  @Test
  void givesTheClassAFlushedRedisDatabaseOtherThanZero(Infra infra) {
    RedisClient client = RedisClient.create(infra.redisUri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThat(infra.redisDatabase()).isBetween(1, 15);
      connection.sync().set("probe", "1");
      assertThat(connection.sync().dbsize()).isEqualTo(1);
    } finally {
      client.shutdown();
    }
  }
}
