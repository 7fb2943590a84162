package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

  @TempDir Path dir;

  @Test
  void startsWritesPidFileAndStopsByPid() throws Exception {
    ManagedProcess p =
        new ManagedProcess("sleeper", dir.resolve("pids/sleeper.pid"), dir.resolve("logs/s.log"));

    ProcessHandle handle = p.start(List.of("sleep", "60"), Map.of(), dir);

    assertThat(p.running()).map(ProcessHandle::pid).contains(handle.pid());
    assertThat(Files.readString(p.pidFile())).startsWith(handle.pid() + " ");
    assertThat(p.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(handle.isAlive()).isFalse();
    assertThat(p.pidFile()).doesNotExist();
    assertThat(p.running()).isEmpty();
  }

  @Test
  void aPidFileOfAnotherProcessStartIsStaleAndRemoved() throws Exception {
    ManagedProcess p =
        new ManagedProcess("stale", dir.resolve("pids/stale.pid"), dir.resolve("logs/x.log"));
    Files.createDirectories(p.pidFile().getParent());
    // our own pid, but with a start instant that is not ours: a recycled pid
    Files.writeString(p.pidFile(), ProcessHandle.current().pid() + " 2001-01-01T00:00:00Z\n");

    assertThat(p.running()).isEmpty();
    assertThat(p.pidFile()).doesNotExist();
  }

  @Test
  void pidRecordParsesPidAndStart() {
    assertThat(ManagedProcess.PidRecord.parse("123 2026-11-21T06:01:18.970Z\n"))
        .contains(new ManagedProcess.PidRecord(123, Instant.parse("2026-11-21T06:01:18.970Z")));
    assertThat(ManagedProcess.PidRecord.parse("garbage")).isEqualTo(Optional.empty());
  }
}
