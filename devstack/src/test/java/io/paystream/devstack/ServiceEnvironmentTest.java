package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

  private final StackConfig config =
      StackConfig.fromEnvironment(
          Map.of("PAYSTREAM_POSTGRES_PORT", "55432", "PAYSTREAM_REDIS_PORT", "56379"),
          Path.of("/repo"),
          "cp");

  @Test
  void pointsEveryServiceAtTheStacksKafkaPostgresRedisAndSandboxes() {
    for (Fleet.Service s : Fleet.SERVICES) {
      Map<String, String> env = ServiceEnvironment.of(config, s);

      assertThat(env)
          .containsEntry("SPRING_PROFILES_ACTIVE", "dev")
          .containsEntry("SERVER_PORT", Integer.toString(s.port()))
          .containsEntry("SERVER_ADDRESS", "127.0.0.1")
          .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
          .containsEntry("PAYSTREAM_KAFKA_CONSUMER_INSTANCEID", s.name() + "-dev")
          .containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://127.0.0.1:55432/paystream")
          .containsEntry("SPRING_R2DBC_USERNAME", "postgres")
          .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:55432/paystream")
          .containsEntry("SPRING_FLYWAY_URL", "jdbc:postgresql://127.0.0.1:55432/paystream")
          .containsEntry("SPRING_FLYWAY_USER", "postgres")
          .containsEntry("SPRING_DATA_REDIS_HOST", "127.0.0.1")
          .containsEntry("SPRING_DATA_REDIS_PORT", "56379")
          .containsEntry("SPRING_MAIL_PORT", "3025")
          .containsEntry("PAYSTREAM_SMS_BASE_URL", "http://127.0.0.1:8089")
          .containsEntry("PAYSTREAM_SMS_AUTH_TOKEN", "dev-sms-auth-token")
          .containsEntry("PAYSTREAM_VERIFICATION_PUBLIC_BASE_URL", "http://127.0.0.1:8080")
          .containsEntry("PAYSTREAM_AUTH_ISSUER_URI", "http://127.0.0.1:9000");
    }
  }

  @Test
  void movesOnlyTheGatewaysActuatorToItsManagementPort() {
    Fleet.Service gateway = Fleet.byName("gateway").orElseThrow();
    Fleet.Service paymentApi = Fleet.byName("payment-api").orElseThrow();

    assertThat(ServiceEnvironment.of(config, gateway))
        .containsEntry("SERVER_PORT", "8080")
        .containsEntry("MANAGEMENT_SERVER_PORT", "8180");
    assertThat(gateway.healthUrl("127.0.0.1")).isEqualTo("http://127.0.0.1:8180/actuator/health");
    assertThat(ServiceEnvironment.of(config, paymentApi))
        .doesNotContainKey("MANAGEMENT_SERVER_PORT");
    assertThat(paymentApi.healthUrl("127.0.0.1"))
        .isEqualTo("http://127.0.0.1:8081/actuator/health");
  }

  @Test
  void fleetPortsAreTheApiDocsAndDistinct() {
    assertThat(Fleet.SERVICES)
        .extracting(Fleet.Service::name, Fleet.Service::port)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("auth-server", 9000),
            org.assertj.core.groups.Tuple.tuple("gateway", 8080),
            org.assertj.core.groups.Tuple.tuple("payment-api", 8081),
            org.assertj.core.groups.Tuple.tuple("fds-service", 8082),
            org.assertj.core.groups.Tuple.tuple("verification-api", 8083),
            org.assertj.core.groups.Tuple.tuple("loyalty-service", 8084),
            org.assertj.core.groups.Tuple.tuple("benefit-service", 8085),
            org.assertj.core.groups.Tuple.tuple("notification-service", 8086));
    assertThat(Fleet.byName("fds-service").orElseThrow().jar())
        .isEqualTo("fds-service/target/fds-service-0.1.0-SNAPSHOT.jar");
  }

  @Test
  void servicePortsSendTheServicesThroughAProxyWhileTheStackUsesTheRealPorts() {
    StackConfig proxied =
        StackConfig.fromEnvironment(
            Map.of(
                "PAYSTREAM_POSTGRES_PORT", "55432",
                "PAYSTREAM_POSTGRES_SERVICE_PORT", "55433",
                "PAYSTREAM_REDIS_PORT", "56379",
                "PAYSTREAM_REDIS_SERVICE_PORT", "56380",
                "PAYSTREAM_KAFKA_BROKERS", "3"),
            Path.of("/repo"),
            "cp");

    Map<String, String> env = ServiceEnvironment.of(proxied, Fleet.SERVICES.get(2));

    assertThat(proxied.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:55432/paystream");
    assertThat(env)
        .containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://127.0.0.1:55433/paystream")
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:55433/paystream")
        .containsEntry("SPRING_FLYWAY_URL", "jdbc:postgresql://127.0.0.1:55433/paystream")
        .containsEntry("SPRING_DATA_REDIS_PORT", "56380")
        .containsEntry(
            "SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096");
  }
}
