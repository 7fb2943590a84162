package io.paystream.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {

  /** A real line of a JVM (fields 14-17 = 1234 56 7 8, starttime 987654). */
  static String line(
      long pid, String comm, long ppid, long ut, long st, long cut, long cst, long start) {
    return pid
        + " ("
        + comm
        + ") S "
        + ppid
        + " 100 100 0 -1 4194560 5000 0 0 0 "
        + ut
        + " "
        + st
        + " "
        + cut
        + " "
        + cst
        + " 20 0 40 0 "
        + start
        + " 3000000000 80000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  }

  @Test
  void parsesTheCpuFieldsOfAStatLine() {
    ProcStat s = ProcStat.parse(line(4242, "java", 1, 1234, 56, 7, 8, 987654));

    assertThat(s.pid()).isEqualTo(4242);
    assertThat(s.comm()).isEqualTo("java");
    assertThat(s.ppid()).isEqualTo(1);
    assertThat(s.utime()).isEqualTo(1234);
    assertThat(s.stime()).isEqualTo(56);
    assertThat(s.ownTicks()).isEqualTo(1290);
    assertThat(s.reapedChildrenTicks()).isEqualTo(15);
    assertThat(s.startTime()).isEqualTo(987654);
  }

  @Test
  void aNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    ProcStat s = ProcStat.parse(line(7, "postgres: a) b (c", 3, 10, 20, 0, 0, 5));

    assertThat(s.comm()).isEqualTo("postgres: a) b (c");
    assertThat(s.ppid()).isEqualTo(3);
    assertThat(s.ownTicks()).isEqualTo(30);
  }

  @Test
  void rejectsWhatIsNotAStatLine() {
    assertThatThrownBy(() -> ProcStat.parse("hello")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcStat.parse("1 (x) S 2 3"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsTheRealStatOfThisProcess() {
    long self = ProcessHandle.current().pid();
    assertThat(ProcStat.read(Path.of("/proc"), self))
        .get()
        .extracting(ProcStat::pid)
        .isEqualTo(self);
    assertThat(ProcStat.read(Path.of("/proc"), Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void aGroupCountsItsChildrenAndTheOnesThatExitedInBetween(@TempDir Path proc) throws Exception {
    // postmaster 100 with backends 101 (lives on), 102 (exits), 103 (bench's own: excluded)
    write(proc, line(100, "postgres", 1, 50, 10, 200, 20, 1));
    write(proc, line(101, "postgres", 100, 100, 0, 0, 0, 2));
    write(proc, line(102, "postgres", 100, 30, 0, 0, 0, 3));
    write(proc, line(103, "postgres", 100, 500, 0, 0, 0, 4));
    write(proc, line(200, "java", 1, 1000, 0, 0, 0, 5));
    CpuSampler sampler =
        new CpuSampler(
            proc,
            100,
            List.of(
                new CpuSampler.Group("postgresql", 100, true, Set.of(103L)),
                CpuSampler.Group.of("gateway", 200)));
    var before = sampler.snapshot();

    // 100: +5 own; 102 exited after using 40 in all (reaped: +40); 101: +20; 104 new: 7;
    // 103 (excluded) +900; gateway +250
    write(proc, line(100, "postgres", 1, 55, 10, 240, 20, 1));
    write(proc, line(101, "postgres", 100, 120, 0, 0, 0, 2));
    Files.delete(proc.resolve("102/stat"));
    write(proc, line(103, "postgres", 100, 1400, 0, 0, 0, 4));
    write(proc, line(104, "postgres", 100, 7, 0, 0, 0, 9));
    write(proc, line(200, "java", 1, 1250, 0, 0, 0, 5));
    Map<String, Long> ms = sampler.deltaMs(before, sampler.snapshot());

    // postgres: 5 + 40 (reaped) - 30 (102's use before) + 20 + 7 = 42 ticks = 420 ms
    assertThat(ms).containsEntry("postgresql", 420L).containsEntry("gateway", 2500L);
  }

  @Test
  void aRecycledPidCountsNothingRatherThanNonsense(@TempDir Path proc) throws Exception {
    write(proc, line(300, "java", 1, 1000, 0, 0, 0, 5));
    CpuSampler sampler = new CpuSampler(proc, 100, List.of(CpuSampler.Group.of("x", 300)));
    var before = sampler.snapshot();
    write(proc, line(300, "sleep", 1, 3, 0, 0, 0, 777));
    assertThat(sampler.deltaMs(before, sampler.snapshot())).containsEntry("x", 0L);
  }

  private static void write(Path proc, String line) throws Exception {
    long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
    Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(proc.resolve(pid + "/stat"), line);
  }
}
