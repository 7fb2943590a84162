package io.paystream.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} says about processes and listening sockets. Every method answers empty
 * (never throws) where {@code /proc} is missing (macOS) or a file cannot be read (another user's
 * process without root).
 */
final class ProcFs {

  private static final Path PROC = Path.of("/proc");

  /** Field 22 of {@code /proc/<pid>/stat}, counted from 1: the start time in clock ticks. */
  private static final int STARTTIME_FIELD = 22;

  /** Fields after the {@code comm} field start at field 3 ({@code state}). */
  private static final int FIRST_FIELD_AFTER_COMM = 3;

  private static final String TCP_LISTEN = "0A";

  private ProcFs() {}

  /**
   * The start time of process {@code pid} in clock ticks since boot (field 22 of {@code
   * /proc/<pid>/stat}). Unlike {@link ProcessHandle.Info#startInstant()}, which adds these ticks to
   * a boot time derived from the current wall clock, it does not move when the clock is stepped.
   *
   * @return the ticks, or empty where there is no such process or no {@code /proc}
   */
  static Optional<Long> startTicks(long pid) {
    return read(PROC.resolve(Long.toString(pid)).resolve("stat")).flatMap(ProcFs::parseStartTicks);
  }

  /**
   * Field 22 of a {@code /proc/<pid>/stat} line. Field 2, {@code (comm)}, may itself contain spaces
   * and parentheses, so fields are counted after the last {@code ')'}.
   *
   * @return the start ticks, or empty if the line is not a stat line
   */
  static Optional<Long> parseStartTicks(String stat) {
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      return Optional.empty();
    }
    String[] fields = stat.substring(end + 1).trim().split("\\s+");
    int index = STARTTIME_FIELD - FIRST_FIELD_AFTER_COMM;
    if (fields.length <= index) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(fields[index]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * This boot's id ({@code /proc/sys/kernel/random/boot_id}, a UUID): start ticks compare only
   * within one boot.
   */
  static Optional<String> bootId() {
    return read(PROC.resolve("sys/kernel/random/boot_id")).map(String::trim);
  }

  /**
   * Where the standard output (fd 1) of process {@code pid} goes, as the kernel names it: a path,
   * with {@code " (deleted)"} appended if the file was deleted since it was opened.
   */
  static Optional<String> stdoutTarget(long pid) {
    try {
      return Optional.of(
          Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("fd/1")).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * The process listening on each local TCP port (IPv4 and IPv6), from the socket inodes of {@code
   * /proc/net/tcp} and {@code /proc/net/tcp6} and the {@code socket:[inode]} links of {@code
   * /proc/<pid>/fd}. A port whose socket belongs to no process this user may look at (another
   * user's, without root) maps to empty.
   *
   * @return listening port to PID (lowest PID if several processes share the socket); empty map
   *     without {@code /proc}
   */
  static Map<Integer, Optional<Long>> listeners() {
    Map<Long, Integer> portByInode = new HashMap<>();
    for (String table : List.of("net/tcp", "net/tcp6")) {
      read(PROC.resolve(table)).ifPresent(text -> portByInode.putAll(parseListening(text)));
    }
    Map<Integer, Optional<Long>> pidByPort = new HashMap<>();
    portByInode.values().forEach(port -> pidByPort.put(port, Optional.empty()));
    if (portByInode.isEmpty()) {
      return pidByPort;
    }
    try (Stream<Path> processes = Files.list(PROC)) {
      processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .sorted((a, b) -> Long.compare(pid(b), pid(a)))
          .forEach(
              p ->
                  socketInodes(p)
                      .forEach(
                          inode -> {
                            Integer port = portByInode.get(inode);
                            if (port != null) {
                              pidByPort.put(port, Optional.of(pid(p)));
                            }
                          }));
    } catch (IOException | UnsupportedOperationException e) {
      return pidByPort;
    }
    return pidByPort;
  }

  /**
   * The listening sockets of a {@code /proc/net/tcp} table: inode to local port. Columns: {@code sl
   * local_address rem_address st ... uid timeout inode}; the port is the hex after the ':' of
   * {@code local_address}, LISTEN is state {@code 0A}.
   */
  static Map<Long, Integer> parseListening(String table) {
    Map<Long, Integer> portByInode = new HashMap<>();
    for (String line : table.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[3].equals(TCP_LISTEN)) {
        continue;
      }
      try {
        int port = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
        long inode = Long.parseLong(f[9]);
        if (inode != 0) {
          portByInode.put(inode, port);
        }
      } catch (NumberFormatException e) {
        // header line or a format we do not know: skip it
      }
    }
    return portByInode;
  }

  private static List<Long> socketInodes(Path process) {
    try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
      return fds.map(ProcFs::linkTarget)
          .flatMap(Optional::stream)
          .filter(t -> t.startsWith("socket:[") && t.endsWith("]"))
          .map(t -> Long.parseLong(t.substring("socket:[".length(), t.length() - 1)))
          .toList();
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return List.of();
    }
  }

  private static Optional<String> linkTarget(Path link) {
    try {
      return Optional.of(Files.readSymbolicLink(link).toString());
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static long pid(Path process) {
    return Long.parseLong(process.getFileName().toString());
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }
}
