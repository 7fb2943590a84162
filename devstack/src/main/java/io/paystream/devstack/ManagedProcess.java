package io.paystream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A background process the dev stack started, known by its PID file {@code
 * <runDir>/pids/<name>.pid} holding {@code <pid> <start instant>}; the start instant guards against
 * a recycled PID. Output goes to {@code <runDir>/logs/<name>.log} (appended).
 *
 * @param name component name (file names, status table)
 * @param pidFile the PID file
 * @param logFile the log file
 */
public record ManagedProcess(String name, Path pidFile, Path logFile) {

  /** The managed process {@code name} of a stack. */
  public static ManagedProcess of(StackConfig config, String name) {
    return new ManagedProcess(name, config.pidFile(name), config.logFile(name));
  }

  /**
   * Starts {@code command} in its own session ({@code setsid}: it outlives the launcher and a
   * Ctrl-C in the launcher's terminal), appending its output to the log, and writes the PID file.
   */
  public ProcessHandle start(List<String> command, Map<String, String> env, Path workDir) {
    try {
      Files.createDirectories(pidFile.getParent());
      Files.createDirectories(logFile.getParent());
      List<String> full = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        full.add("/usr/bin/setsid");
      }
      full.addAll(command);
      Files.writeString(
          logFile,
          "---- " + Instant.now() + " starting: " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb =
          new ProcessBuilder(full)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      pb.environment().putAll(env);
      ProcessHandle handle = pb.start().toHandle();
      adopt(handle);
      return handle;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** Writes the PID file for a process started another way (e.g. PostgreSQL's postmaster). */
  public void adopt(ProcessHandle handle) {
    try {
      Files.createDirectories(pidFile.getParent());
      String start = handle.info().startInstant().map(Instant::toString).orElse("-");
      Files.writeString(pidFile, handle.pid() + " " + start + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The live process of the PID file: empty when there is no PID file, or its process has ended or
   * the PID now belongs to another process (a stale file, which is then deleted).
   */
  public Optional<ProcessHandle> running() {
    Optional<PidRecord> record = readPidFile();
    if (record.isEmpty()) {
      return Optional.empty();
    }
    Optional<ProcessHandle> handle =
        ProcessHandle.of(record.get().pid())
            .filter(ProcessHandle::isAlive)
            .filter(h -> record.get().matches(h.info().startInstant()));
    if (handle.isEmpty()) {
      deletePidFile();
    }
    return handle;
  }

  /** Whether a PID file exists (the process may have died since). */
  public boolean hasPidFile() {
    return Files.exists(pidFile);
  }

  /**
   * Stops the process: SIGTERM, then SIGKILL if it is still alive after {@code grace}; deletes the
   * PID file. Does nothing if it is not running.
   *
   * @return whether a process was stopped
   */
  public boolean stop(Duration grace) {
    Optional<ProcessHandle> handle = running();
    if (handle.isEmpty()) {
      deletePidFile();
      return false;
    }
    ProcessHandle h = handle.get();
    h.destroy();
    if (!awaitExit(h, grace)) {
      h.descendants().forEach(ProcessHandle::destroyForcibly);
      h.destroyForcibly();
      awaitExit(h, Duration.ofSeconds(5));
    }
    deletePidFile();
    return true;
  }

  /** Deletes the PID file if present. */
  public void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code lines} lines of the log (for a failure message). */
  public String tail(int lines) {
    try {
      if (!Files.exists(logFile)) {
        return "(no log at " + logFile + ")";
      }
      List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  static boolean awaitExit(ProcessHandle h, Duration timeout) {
    try {
      h.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      return !h.isAlive();
    }
  }

  private Optional<PidRecord> readPidFile() {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      return PidRecord.parse(Files.readString(pidFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The content of a PID file.
   *
   * @param pid process id
   * @param start the process start instant, or {@code null} if unknown
   */
  record PidRecord(long pid, Instant start) {

    static Optional<PidRecord> parse(String text) {
      String[] parts = text.trim().split("\\s+");
      if (parts.length == 0 || parts[0].isEmpty()) {
        return Optional.empty();
      }
      try {
        long pid = Long.parseLong(parts[0]);
        Instant start = parts.length > 1 && !parts[1].equals("-") ? Instant.parse(parts[1]) : null;
        return Optional.of(new PidRecord(pid, start));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    /** Whether a live process's start instant is this record's (within 1 s; unknown matches). */
    boolean matches(Optional<Instant> actual) {
      if (start == null || actual.isEmpty()) {
        return true;
      }
      return Math.abs(Duration.between(start, actual.get()).toMillis()) < 1000;
    }
  }
}
