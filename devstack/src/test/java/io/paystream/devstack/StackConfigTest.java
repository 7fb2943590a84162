package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

  private static final Path ROOT = Path.of("/repo");

  @Test
  void defaultsAreTheDevStackAddressesOfTheApiDoc() {
    StackConfig c = StackConfig.fromEnvironment(Map.of(), ROOT, "cp");

    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
    assertThat(c.controllerPort()).isEqualTo(19093);
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/paystream");
    assertThat(c.r2dbcUrl()).isEqualTo("r2dbc:postgresql://127.0.0.1:5432/paystream");
    assertThat(c.postgresUser()).isEqualTo("postgres");
    assertThat(c.redisPort()).isEqualTo(6379);
    assertThat(c.smtpPort()).isEqualTo(3025);
    assertThat(c.mailApiBaseUrl()).isEqualTo("http://127.0.0.1:8087");
    assertThat(c.smsBaseUrl()).isEqualTo("http://127.0.0.1:8089");
    assertThat(c.smsAccountSid()).isEqualTo("AC00000000000000000000000000000000");
    assertThat(c.smsAuthToken()).isEqualTo("dev-sms-auth-token");
    assertThat(c.runDir()).isEqualTo(Path.of("/repo/.run"));
  }

  @Test
  void environmentOverridesPortsRunDirAndTimeout() {
    StackConfig c =
        StackConfig.fromEnvironment(
            Map.of(
                "PAYSTREAM_POSTGRES_PORT", "55432",
                "PAYSTREAM_REDIS_PORT", "56379",
                "PAYSTREAM_KAFKA_PORT", "29092",
                "PAYSTREAM_RUN_DIR", "/tmp/elsewhere",
                "PAYSTREAM_START_TIMEOUT_SECONDS", "30"),
            ROOT,
            "cp");

    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:55432/paystream");
    assertThat(c.redisPort()).isEqualTo(56379);
    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:29092");
    assertThat(c.pidFile("kafka")).isEqualTo(Path.of("/tmp/elsewhere/pids/kafka.pid"));
    assertThat(c.logFile("gateway")).isEqualTo(Path.of("/tmp/elsewhere/logs/gateway.log"));
    assertThat(c.startTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void serviceJvmsRunC1OnlyWithAnAotCacheUnlessTheEnvironmentSaysOtherwise() {
    StackConfig defaults = StackConfig.fromEnvironment(Map.of(), ROOT, "cp");
    StackConfig tuned =
        StackConfig.fromEnvironment(
            Map.of(
                "PAYSTREAM_JAVA_OPTS", " -XX:+UseParallelGC   -XX:CICompilerCount=2 ",
                "PAYSTREAM_AOT_CACHE", "false"),
            ROOT,
            "cp");

    assertThat(defaults.serviceJvmOptions()).containsExactly("-XX:TieredStopAtLevel=1");
    assertThat(defaults.aotCache()).isTrue();
    assertThat(tuned.serviceJvmOptions())
        .containsExactly("-XX:+UseParallelGC", "-XX:CICompilerCount=2");
    assertThat(tuned.aotCache()).isFalse();
  }

  @Test
  void rejectsANonNumericPortNamingTheVariable() {
    assertThatThrownBy(
            () -> StackConfig.fromEnvironment(Map.of("PAYSTREAM_REDIS_PORT", "six"), ROOT, "cp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PAYSTREAM_REDIS_PORT")
        .hasMessageContaining("six");
  }
}
