package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsTest {

  @TempDir Path runDir;

  private ProcessHandle started;

  @AfterEach
  void killWhatTheTestStarted() {
    if (started != null) {
      started.destroyForcibly();
    }
  }

  private StackConfig config(Map<String, String> env) {
    java.util.Map<String, String> all = new java.util.HashMap<>(env);
    all.put("PAYSTREAM_RUN_DIR", runDir.toString());
    return StackConfig.fromEnvironment(all, Path.of("/repo"), "cp");
  }

  @Test
  void killSendsSigkillToTheProcessOfOurPidFile() {
    StackConfig c = config(Map.of());
    ManagedProcess fds = ManagedProcess.of(c, "fds-service");
    started = fds.start(List.of("sleep", "300"), Map.of(), runDir);

    long pid = new Faults(c, new PrintStream(new ByteArrayOutputStream())).kill("fds-service");

    assertThat(pid).isEqualTo(started.pid());
    assertThat(started.isAlive()).isFalse();
    assertThat(fds.running()).isEmpty();
  }

  @Test
  void refusesToStopOrFlushAPostgresqlOrRedisTheStackDidNotStart() throws Exception {
    // something answers on both ports, as the machine's shared instances would: no PID file of ours
    try (ServerSocket pg = new ServerSocket(0);
        ServerSocket redis = new ServerSocket(0)) {
      StackConfig c =
          config(
              Map.of(
                  "PAYSTREAM_POSTGRES_PORT",
                  Integer.toString(pg.getLocalPort()),
                  "PAYSTREAM_REDIS_PORT",
                  Integer.toString(redis.getLocalPort())));
      Faults faults = new Faults(c, new PrintStream(new ByteArrayOutputStream()));

      assertThatThrownBy(faults::stopPostgresImmediately)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing");
      assertThatThrownBy(faults::flushAllRedis)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing");
      assertThatThrownBy(() -> faults.kill("redis"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing");
    }
  }

  @Test
  void namesTheComponentsItKnowsWhenGivenAnother() {
    Faults faults = new Faults(config(Map.of()), new PrintStream(new ByteArrayOutputStream()));

    assertThatThrownBy(() -> faults.kill("kafka-9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka-3")
        .hasMessageContaining("notification-service");
  }
}
