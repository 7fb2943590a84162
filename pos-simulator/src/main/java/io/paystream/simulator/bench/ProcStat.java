package io.paystream.simulator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat} (proc(5)), the fields the benchmark needs. CPU times are in
 * clock ticks ({@code getconf CLK_TCK}, normally 100 per second).
 *
 * @param pid process id (field 1)
 * @param comm executable name without the parentheses (field 2; may contain spaces and parens)
 * @param ppid parent process id (field 4)
 * @param utime user-mode CPU of the process, ticks (field 14)
 * @param stime kernel-mode CPU of the process, ticks (field 15)
 * @param cutime user-mode CPU of its waited-for (reaped) children, ticks (field 16)
 * @param cstime kernel-mode CPU of its waited-for children, ticks (field 17)
 * @param startTime when the process started, ticks after boot (field 22): tells a recycled pid
 */
public record ProcStat(
    long pid,
    String comm,
    long ppid,
    long utime,
    long stime,
    long cutime,
    long cstime,
    long startTime) {

  /** utime + stime, ticks: the CPU this process itself used. */
  public long ownTicks() {
    return utime + stime;
  }

  /** cutime + cstime, ticks: the CPU of children it has reaped. */
  public long reapedChildrenTicks() {
    return cutime + cstime;
  }

  /**
   * Parses a {@code /proc/<pid>/stat} line. The name is everything between the first {@code (} and
   * the <em>last</em> {@code )}, so names such as {@code (sd-pam)} or {@code a) b} are safe.
   *
   * @throws IllegalArgumentException when the line is not a stat line
   */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 1 || close < open) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(line));
    }
    long pid = Long.parseLong(line.substring(0, open).trim());
    String comm = line.substring(open + 1, close);
    String[] f = line.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 (state): field n is f[n - 3].
    if (f.length < 20) {
      throw new IllegalArgumentException(
          "/proc/<pid>/stat line has " + (f.length + 2) + " fields: " + abbreviate(line));
    }
    return new ProcStat(
        pid,
        comm,
        Long.parseLong(f[1]),
        Long.parseLong(f[11]),
        Long.parseLong(f[12]),
        Long.parseLong(f[13]),
        Long.parseLong(f[14]),
        Long.parseLong(f[19]));
  }

  /** Reads {@code /proc/<pid>/stat}; empty when the process is gone or unreadable. */
  public static Optional<ProcStat> read(Path procRoot, long pid) {
    try {
      return Optional.of(
          parse(Files.readString(procRoot.resolve(Long.toString(pid)).resolve("stat"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
