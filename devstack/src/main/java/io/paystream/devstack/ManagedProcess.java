package io.paystream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A background process the dev stack started, known by its PID file {@code
 * <runDir>/pids/<name>.pid}. Output goes to {@code <runDir>/logs/<name>.log} (appended).
 *
 * <p>The PID file is one line, {@code <pid> <start instant> ticks=<n> boot=<uuid> args=<sha-256>},
 * whose fields after the PID identify the process, so that a recycled PID is not taken for ours
 * (see {@link PidRecord}). Where Linux's {@code /proc} exists the start time in clock ticks since
 * boot decides: it does not move when the wall clock is stepped (NTP, suspend, VM clock sync),
 * unlike the start instant, which {@link ProcessHandle.Info#startInstant()} derives from the
 * current wall clock. Without ticks, the command line decides, then the start instant within 1 s.
 * Old PID files ({@code <pid> <start instant>}) are still read.
 *
 * @param name component name (file names, status table)
 * @param pidFile the PID file
 * @param logFile the log file
 */
public record ManagedProcess(String name, Path pidFile, Path logFile) {

  /** How far a start instant may be from the recorded one where nothing better can be compared. */
  static final Duration START_TOLERANCE = Duration.ofSeconds(1);

  /** The managed process {@code name} of a stack. */
  public static ManagedProcess of(StackConfig config, String name) {
    return new ManagedProcess(name, config.pidFile(name), config.logFile(name));
  }

  /**
   * What a PID file says about its process, as {@link #inspect()} finds it.
   *
   * <ul>
   *   <li>{@link Absent}: there is no PID file (or it is unreadable, and has been deleted)
   *   <li>{@link Ended}: the process has ended, or the file is from an earlier boot; the file has
   *       been deleted
   *   <li>{@link Ours}: the process we started runs
   *   <li>{@link Foreign}: the PID runs a process that is not, or may not be, the one we started;
   *       the file is kept
   * </ul>
   */
  public sealed interface State {

    /** No PID file. */
    record Absent() implements State {}

    /**
     * The PID file's process is gone.
     *
     * @param pid the PID the file named
     */
    record Ended(long pid) implements State {}

    /**
     * The process we started is running.
     *
     * @param handle its handle
     */
    record Ours(ProcessHandle handle) implements State {}

    /**
     * The PID file's PID is alive but does not look like the process we started.
     *
     * @param pid the PID
     * @param command what runs under it now (its command line, or its executable, or {@code "an
     *     unknown command"})
     * @param why how it differs from the PID file, for a message
     * @param certain {@code true} when the start ticks prove the PID was reused; {@code false} when
     *     only the command line, the wall-clock start instant or nothing could be compared
     */
    record Foreign(long pid, String command, String why, boolean certain) implements State {}
  }

  /**
   * Starts {@code command} in its own session ({@code setsid}: it outlives the launcher and a
   * Ctrl-C in the launcher's terminal), appending its output to the log, and writes the PID file.
   *
   * @param command the program and its arguments
   * @throws UncheckedIOException if the process cannot be started or the PID file not written
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
      // setsid execs in place: the PID ends up running `command`. The command line is taken from
      // `command`, not read back, since right now the PID may still be the spawn helper or setsid.
      write(PidRecord.of(handle, Optional.of(command.subList(1, command.size()))));
      return handle;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the PID file for a process started another way (e.g. PostgreSQL's postmaster), taking
   * its command line as it is now.
   */
  public void adopt(ProcessHandle handle) {
    write(PidRecord.of(handle, handle.info().arguments().map(List::of)));
  }

  private void write(PidRecord record) {
    try {
      Files.createDirectories(pidFile.getParent());
      Files.writeString(pidFile, record.format() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The state of the PID file's process. Deletes a PID file whose process has ended, that is from
   * an earlier boot or that cannot be parsed; never one whose PID is alive.
   */
  public State inspect() {
    String text;
    try {
      if (!Files.exists(pidFile)) {
        return new State.Absent();
      }
      text = Files.readString(pidFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new State.Absent();
    }
    Optional<PidRecord> parsed = PidRecord.parse(text);
    if (parsed.isEmpty()) {
      deletePidFile();
      return new State.Absent();
    }
    PidRecord record = parsed.get();
    Optional<ProcessHandle> handle = ProcessHandle.of(record.pid()).filter(ProcessHandle::isAlive);
    if (handle.isEmpty()) {
      deletePidFile();
      return new State.Ended(record.pid());
    }
    State state = record.judge(handle.get(), Observed.of(handle.get()), logFile);
    if (state instanceof State.Ended) {
      deletePidFile();
    }
    return state;
  }

  /**
   * The live process of the PID file: empty when there is no PID file, its process has ended, or
   * the PID now runs a process that does not look like ours ({@link #inspect()}).
   */
  public Optional<ProcessHandle> running() {
    return inspect() instanceof State.Ours ours ? Optional.of(ours.handle()) : Optional.empty();
  }

  /** Whether a PID file exists (the process may have died since). */
  public boolean hasPidFile() {
    return Files.exists(pidFile);
  }

  /**
   * If the PID file names a live process that does not look like ours, a line that says so with the
   * component name, the PID and its command. A PID file proven stale (the start ticks differ) is
   * then deleted and the line says so; one that cannot be judged is kept, and the line says how to
   * check and stop the process by hand.
   *
   * @return the line, or empty when the PID file is absent, its process ended or is ours
   */
  public Optional<String> reportForeign() {
    if (!(inspect() instanceof State.Foreign f)) {
      return Optional.empty();
    }
    if (f.certain()) {
      deletePidFile();
      return Optional.of(
          name
              + ": PID "
              + f.pid()
              + " of "
              + pidFile
              + " now runs "
              + f.command()
              + ", not the process we started ("
              + f.why()
              + "): left it running and deleted the stale PID file");
    }
    return Optional.of(
        name
            + ": PID "
            + f.pid()
            + " of "
            + pidFile
            + " runs "
            + f.command()
            + ", which may not be the process we started ("
            + f.why()
            + "): left it running and kept the PID file; if it is ours, `kill "
            + f.pid()
            + "` and delete the PID file");
  }

  /**
   * Stops the process if it is ours: SIGTERM, then SIGKILL (it and its descendants) if it is still
   * alive after {@code grace}; deletes the PID file. Does nothing if it is not running, and leaves
   * a PID file whose process does not look like ours ({@link #reportForeign()} says so).
   *
   * @return whether a process was stopped
   */
  public boolean stop(Duration grace) {
    if (!(inspect() instanceof State.Ours ours)) {
      return false;
    }
    ProcessHandle h = ours.handle();
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

  /**
   * What can be observed of a live process to compare with its PID file; {@code null} where it
   * cannot be told.
   *
   * @param startTicks start time in clock ticks since boot ({@code /proc/<pid>/stat} field 22)
   * @param bootId the boot the ticks count from
   * @param argsHash {@link PidRecord#hash(List)} of its arguments (without the program)
   * @param start its start instant (moves with the wall clock)
   * @param command its command line or executable, for messages
   * @param stdout where its standard output goes ({@link ProcFs#stdoutTarget(long)})
   */
  record Observed(
      Long startTicks,
      String bootId,
      String argsHash,
      Instant start,
      String command,
      String stdout) {

    private static final int COMMAND_IN_MESSAGES = 120;

    static Observed of(ProcessHandle h) {
      ProcessHandle.Info info = h.info();
      return new Observed(
          ProcFs.startTicks(h.pid()).orElse(null),
          ProcFs.bootId().orElse(null),
          info.arguments().map(a -> PidRecord.hash(List.of(a))).orElse(null),
          info.startInstant().orElse(null),
          info.commandLine()
              .or(info::command)
              .map(c -> "`" + abbreviate(c) + "`")
              .orElse("an unknown command"),
          ProcFs.stdoutTarget(h.pid()).orElse(null));
    }

    /** {@code command} cut to 120 characters (a JVM's class path runs to kilobytes). */
    private static String abbreviate(String command) {
      return command.length() <= COMMAND_IN_MESSAGES
          ? command
          : command.substring(0, COMMAND_IN_MESSAGES - 3) + "...";
    }

    /** Whether its standard output is {@code log}, also once that file was deleted. */
    Optional<Boolean> writesTo(Path log) {
      if (stdout == null) {
        return Optional.empty();
      }
      String path = log.toAbsolutePath().normalize().toString();
      return Optional.of(stdout.equals(path) || stdout.equals(path + " (deleted)"));
    }
  }

  /**
   * The content of a PID file: {@code <pid> <start instant|-> [ticks=<n>] [boot=<uuid>]
   * [args=<hex>]}. Old files hold only the first two fields; launchers that know only those ignore
   * the rest.
   *
   * @param pid process id
   * @param start the process start instant as read when the file was written, or {@code null}
   * @param startTicks start time in clock ticks since boot, or {@code null} (no {@code /proc}, old
   *     file)
   * @param bootId {@code /proc/sys/kernel/random/boot_id} when the file was written, or {@code
   *     null}
   * @param argsHash SHA-256 (hex) of the process's arguments, or {@code null}
   */
  record PidRecord(long pid, Instant start, Long startTicks, String bootId, String argsHash) {

    /** An old-format record: PID and start instant only. */
    PidRecord(long pid, Instant start) {
      this(pid, start, null, null, null);
    }

    static PidRecord of(ProcessHandle handle, Optional<List<String>> arguments) {
      return new PidRecord(
          handle.pid(),
          handle.info().startInstant().orElse(null),
          ProcFs.startTicks(handle.pid()).orElse(null),
          ProcFs.bootId().orElse(null),
          arguments.map(PidRecord::hash).orElse(null));
    }

    /** The record of a PID file's text; empty if it does not start with a PID. */
    static Optional<PidRecord> parse(String text) {
      String[] parts = text.trim().split("\\s+");
      if (parts.length == 0 || parts[0].isEmpty()) {
        return Optional.empty();
      }
      try {
        long pid = Long.parseLong(parts[0]);
        Instant start = parts.length > 1 && !parts[1].equals("-") ? Instant.parse(parts[1]) : null;
        Long ticks = null;
        String boot = null;
        String args = null;
        for (int i = 2; i < parts.length; i++) {
          String p = parts[i];
          if (p.startsWith("ticks=")) {
            ticks = Long.parseLong(p.substring("ticks=".length()));
          } else if (p.startsWith("boot=")) {
            boot = p.substring("boot=".length());
          } else if (p.startsWith("args=")) {
            args = p.substring("args=".length());
          }
        }
        return Optional.of(new PidRecord(pid, start, ticks, boot, args));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    /** The PID file line. */
    String format() {
      StringBuilder line = new StringBuilder().append(pid).append(' ');
      line.append(start == null ? "-" : start.toString());
      if (startTicks != null) {
        line.append(" ticks=").append(startTicks);
      }
      if (bootId != null) {
        line.append(" boot=").append(bootId);
      }
      if (argsHash != null) {
        line.append(" args=").append(argsHash);
      }
      return line.toString();
    }

    /**
     * SHA-256 (hex) of the arguments, each followed by a NUL (as in {@code /proc/<pid>/cmdline}).
     */
    static String hash(List<String> arguments) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String a : arguments) {
          sha.update(a.getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    /**
     * Whether the live process {@code handle} with this record's PID is the one recorded.
     *
     * <ol>
     *   <li>Start ticks on both sides: another boot means our process is gone ({@link
     *       State.Ended}); equal ticks are ours; different ticks prove a reused PID.
     *   <li>Otherwise it is ours if its arguments hash equal, its start instant is within {@link
     *       #START_TOLERANCE}, or its standard output goes to {@code log} (which also recognises an
     *       old PID file's process after a clock step); else it may be foreign.
     * </ol>
     */
    State judge(ProcessHandle handle, Observed live, Path log) {
      if (startTicks != null && live.startTicks() != null) {
        if (bootId != null && live.bootId() != null && !bootId.equals(live.bootId())) {
          return new State.Ended(pid);
        }
        if (startTicks.equals(live.startTicks())) {
          return new State.Ours(handle);
        }
        return new State.Foreign(
            pid,
            live.command(),
            "it started "
                + live.startTicks()
                + " clock ticks after boot, ours "
                + startTicks
                + ": the PID was reused",
            true);
      }
      boolean sameArgs = argsHash != null && argsHash.equals(live.argsHash());
      boolean sameStart =
          start != null
              && live.start() != null
              && Duration.between(start, live.start()).abs().compareTo(START_TOLERANCE) < 0;
      Optional<Boolean> writesToLog = live.writesTo(log);
      if (sameArgs || sameStart || writesToLog.orElse(false)) {
        return new State.Ours(handle);
      }
      List<String> why = new ArrayList<>();
      if (argsHash != null && live.argsHash() != null) {
        why.add("its command line differs");
      }
      if (start != null && live.start() != null) {
        why.add("it started at " + live.start() + ", ours at " + start);
      }
      if (writesToLog.isPresent()) {
        why.add("its output does not go to " + log.getFileName());
      }
      if (startTicks == null) {
        why.add("the PID file has no start ticks");
      }
      return new State.Foreign(pid, live.command(), String.join("; ", why), false);
    }
  }
}
