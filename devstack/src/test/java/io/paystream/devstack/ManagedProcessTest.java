package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

  @TempDir Path dir;

  private final List<ProcessHandle> started = new ArrayList<>();

  @AfterEach
  void killWhatTheTestStarted() {
    started.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void startsWritesPidFileAndStopsByPid() throws Exception {
    ManagedProcess p = process("sleeper");

    ProcessHandle handle = start(p, "300");

    assertThat(p.running()).map(ProcessHandle::pid).contains(handle.pid());
    assertThat(Files.readString(p.pidFile())).startsWith(handle.pid() + " ");
    assertThat(p.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(handle.isAlive()).isFalse();
    assertThat(p.pidFile()).doesNotExist();
    assertThat(p.running()).isEmpty();
  }

  @Test
  void aClockStepAfterTheStartDoesNotHideOurProcess() throws Exception {
    ManagedProcess p = process("stepped");
    ProcessHandle handle = start(p, "300");
    // The wall clock moved 60 s since the PID file was written: the start instant read now is 60 s
    // from the recorded one.
    shiftRecordedStart(p, Duration.ofSeconds(-60));

    assertThat(p.running()).map(ProcessHandle::pid).contains(handle.pid());
    assertThat(p.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(handle.isAlive()).isFalse();
    assertThat(p.pidFile()).doesNotExist();
  }

  @Test
  void anOldFormatPidFileOfOurProcessStillStopsItAfterAClockStep() throws Exception {
    ManagedProcess p = process("old");
    ProcessHandle handle = start(p, "300");
    Instant recorded = handle.info().startInstant().orElseThrow().plusSeconds(60);
    Files.writeString(p.pidFile(), handle.pid() + " " + recorded + "\n");

    assertThat(p.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(handle.isAlive()).isFalse();
  }

  @Test
  void aRecycledPidRunningAnotherCommandIsNotKilledAndIsReported() throws Exception {
    ManagedProcess p = process("recycled");
    ProcessHandle ours = start(p, "300");
    Instant ourStart = ours.info().startInstant().orElseThrow();
    String ourPidFile = Files.readString(p.pidFile());
    assertThat(p.stop(Duration.ofSeconds(5))).isTrue();
    ProcessHandle other = startedAfter(ourStart, "sleep", "301");
    // the PID of our ended process now belongs to `sleep 301`
    Files.writeString(p.pidFile(), ourPidFile.replaceFirst("^\\d+", Long.toString(other.pid())));

    assertThat(p.running()).isEmpty();
    assertThat(p.stop(Duration.ofSeconds(1))).isFalse();
    assertThat(other.isAlive()).isTrue();
    Optional<String> report = p.reportForeign();
    assertThat(report)
        .hasValueSatisfying(
            line ->
                assertThat(line)
                    .contains("recycled")
                    .contains("PID " + other.pid())
                    .contains("sleep 301"));
    assertThat(other.isAlive()).isTrue();
  }

  @Test
  void anOldFormatPidFileWhoseProcessIsNotOursKeepsTheFileAndTheProcess() throws Exception {
    ManagedProcess p = process("unsure");
    ProcessHandle other = spawn("sleep", "302");
    Instant someoneElsesStart = other.info().startInstant().orElseThrow().minusSeconds(60);
    Files.createDirectories(p.pidFile().getParent());
    Files.writeString(p.pidFile(), other.pid() + " " + someoneElsesStart + "\n");

    assertThat(p.stop(Duration.ofSeconds(1))).isFalse();
    assertThat(p.reportForeign())
        .hasValueSatisfying(
            line -> assertThat(line).contains("PID " + other.pid()).contains("sleep 302"));
    assertThat(other.isAlive()).isTrue();
    assertThat(p.pidFile()).exists();
  }

  @Test
  void aPidFileFromAnEarlierBootIsDeletedWithoutTouchingThePid() throws Exception {
    assumeThat(ProcFs.bootId()).as("Linux /proc").isPresent();
    ManagedProcess p = process("rebooted");
    ProcessHandle other = spawn("sleep", "303");
    long ticks = ProcFs.startTicks(other.pid()).orElseThrow();
    Files.createDirectories(p.pidFile().getParent());
    Files.writeString(
        p.pidFile(),
        other.pid() + " - ticks=" + ticks + " boot=00000000-0000-0000-0000-000000000000\n");

    assertThat(p.inspect()).isEqualTo(new ManagedProcess.State.Ended(other.pid()));
    assertThat(p.pidFile()).doesNotExist();
    assertThat(other.isAlive()).isTrue();
  }

  @Test
  void pidRecordReadsOldAndNewFiles() {
    assertThat(ManagedProcess.PidRecord.parse("123 2026-11-21T06:01:18.970Z\n"))
        .contains(new ManagedProcess.PidRecord(123, Instant.parse("2026-11-21T06:01:18.970Z")));
    ManagedProcess.PidRecord full =
        new ManagedProcess.PidRecord(
            77, Instant.parse("2026-11-21T06:01:18.970Z"), 351922L, "b00t", "abc123");
    assertThat(ManagedProcess.PidRecord.parse(full.format() + "\n")).contains(full);
    assertThat(ManagedProcess.PidRecord.parse("9 -"))
        .contains(new ManagedProcess.PidRecord(9, null));
    assertThat(ManagedProcess.PidRecord.parse("garbage")).isEqualTo(Optional.empty());
  }

  @Test
  void startTicksAreField22CountedAfterTheLastParenthesisOfTheCommand() {
    String stat =
        "4242 (we ird) (name) S 1 4242 4242 0 -1 4194304 103 0 0 0 0 0 0 0 20 0 1 0 351922"
            + " 3133440 410 18446744073709551615";

    assertThat(ProcFs.parseStartTicks(stat)).contains(351922L);
    assertThat(ProcFs.parseStartTicks("4242 (cut")).isEmpty();
  }

  private ManagedProcess process(String name) {
    return new ManagedProcess(
        name, dir.resolve("pids/" + name + ".pid"), dir.resolve("logs/" + name + ".log"));
  }

  private ProcessHandle start(ManagedProcess p, String seconds) {
    ProcessHandle handle = p.start(List.of("sleep", seconds), Map.of(), dir);
    started.add(handle);
    return handle;
  }

  private ProcessHandle spawn(String... command) throws IOException {
    ProcessHandle handle = new ProcessBuilder(command).start().toHandle();
    started.add(handle);
    return handle;
  }

  /** A process started in a later clock tick than {@code before}, as a reused PID would be. */
  private ProcessHandle startedAfter(Instant before, String... command) throws IOException {
    ProcessHandle handle = spawn(command);
    while (!handle.info().startInstant().orElseThrow().isAfter(before)) {
      handle.destroyForcibly();
      handle = spawn(command);
    }
    return handle;
  }

  /** Moves the start instant (second field) of the PID file by {@code by}, keeping the rest. */
  private static void shiftRecordedStart(ManagedProcess p, Duration by) throws IOException {
    String[] fields = Files.readString(p.pidFile()).trim().split(" ");
    fields[1] = Instant.parse(fields[1]).plus(by).toString();
    Files.writeString(p.pidFile(), String.join(" ", fields) + "\n");
  }
}
