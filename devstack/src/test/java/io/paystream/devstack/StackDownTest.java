package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make down} and {@code make status} on a stack in a temporary run directory whose "service"
 * is a real {@code sleep} process with a PID file; no broker, database or service is started.
 */
class StackDownTest {

  private static final String SERVICE = Fleet.SERVICES.get(0).name();

  @TempDir Path runDir;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final List<ProcessHandle> started = new ArrayList<>();
  private StackConfig config;
  private Stack stack;

  @BeforeEach
  void stackOnFreePorts() throws IOException {
    int[] ports = freePorts(7);
    config =
        new StackConfig(
            runDir,
            runDir,
            "",
            "127.0.0.1",
            ports[0],
            ports[1],
            "127.0.0.1",
            ports[2],
            "postgres",
            "",
            "paystream",
            "127.0.0.1",
            ports[3],
            ports[4],
            ports[5],
            ports[6],
            StackConfig.DEFAULT_SMS_ACCOUNT_SID,
            "token",
            "+15005550006",
            Duration.ofSeconds(10),
            "64m",
            java.util.List.of(),
            false);
    stack = new Stack(config, new PrintStream(output, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void killWhatTheTestStarted() {
    started.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void downStopsOurProcessAfterTheClockWasStepped() throws IOException {
    ManagedProcess service = ManagedProcess.of(config, SERVICE);
    ProcessHandle handle = service.start(List.of("sleep", "300"), Map.of(), runDir);
    started.add(handle);
    // a clock step of 60 s: the start instant read now differs from the recorded one by 60 s
    String[] fields = Files.readString(service.pidFile()).trim().split(" ");
    fields[1] = Instant.parse(fields[1]).minusSeconds(60).toString();
    Files.writeString(service.pidFile(), String.join(" ", fields) + "\n");

    List<String> stopped = stack.down();

    assertThat(stopped).containsExactly(SERVICE);
    assertThat(handle.isAlive()).isFalse();
    assertThat(service.pidFile()).doesNotExist();
  }

  @Test
  void downLeavesARecycledPidRunningAndNamesIt() throws IOException {
    ManagedProcess service = ManagedProcess.of(config, SERVICE);
    ProcessHandle ours = service.start(List.of("sleep", "300"), Map.of(), runDir);
    started.add(ours);
    Instant ourStart = ours.info().startInstant().orElseThrow();
    String ourPidFile = Files.readString(service.pidFile());
    ours.destroy();
    ManagedProcess.awaitExit(ours, Duration.ofSeconds(5));
    ProcessHandle other = spawnAfter(ourStart, "sleep", "301");
    Files.writeString(
        service.pidFile(), ourPidFile.replaceFirst("^\\d+", Long.toString(other.pid())));

    List<String> stopped = stack.down();

    assertThat(stopped).isEmpty();
    assertThat(other.isAlive()).isTrue();
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains(SERVICE + ": PID " + other.pid())
        .contains("sleep 301");
  }

  @Test
  void statusShowsAProcessOnOurPortWithoutOurPidFileAsNotOurs() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
    try {
      int port = server.getAddress().getPort();
      Stack onPort =
          new Stack(withSmsPort(port), new PrintStream(output, true, StandardCharsets.UTF_8));

      StatusTable.Row sandbox =
          onPort.status().stream()
              .filter(r -> r.name().equals(Stack.SANDBOX))
              .findFirst()
              .orElseThrow();

      assertThat(sandbox.pid()).isEqualTo(ProcessHandle.current().pid() + " (not ours)");
      assertThat(sandbox.health()).isEqualTo("DOWN");
    } finally {
      server.stop(0);
    }
  }

  private StackConfig withSmsPort(int port) {
    return new StackConfig(
        config.root(),
        config.runDir(),
        config.classpath(),
        config.host(),
        config.kafkaPort(),
        config.controllerPort(),
        config.postgresHost(),
        config.postgresPort(),
        config.postgresUser(),
        config.postgresPassword(),
        config.database(),
        config.redisHost(),
        config.redisPort(),
        config.smtpPort(),
        config.mailApiPort(),
        port,
        config.smsAccountSid(),
        config.smsAuthToken(),
        config.smsFrom(),
        config.startTimeout(),
        config.serviceHeap(),
        config.serviceJvmOptions(),
        config.aotCache());
  }

  /** A process started in a later clock tick than {@code before}, as a reused PID would be. */
  private ProcessHandle spawnAfter(Instant before, String... command) throws IOException {
    ProcessHandle handle = spawn(command);
    while (!handle.info().startInstant().orElseThrow().isAfter(before)) {
      handle.destroyForcibly();
      handle = spawn(command);
    }
    return handle;
  }

  private ProcessHandle spawn(String... command) throws IOException {
    ProcessHandle handle = new ProcessBuilder(command).start().toHandle();
    started.add(handle);
    return handle;
  }

  private static int[] freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
