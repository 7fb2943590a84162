package io.paystream.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TCP port checks: is something listening, and who. */
public final class Ports {

  private static final int CONNECT_TIMEOUT_MS = 300;
  private static final Pattern SS_USER = Pattern.compile("users:\\(\\(\"([^\"]+)\",pid=(\\d+)");

  private Ports() {}

  /** Whether a TCP connection to {@code host:port} succeeds within 300 ms. */
  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The process listening on {@code port}, as {@code "name (pid N)"}: from {@code /proc} where it
   * exists, else from {@code ss -ltnpH}; empty if nothing listens or neither can tell (another
   * user's process without root).
   */
  public static Optional<String> owner(int port) {
    return ownerPid(port).map(Ports::describe);
  }

  /** The PID listening on {@code port} ({@link #owner(int)}), if it can tell. */
  public static Optional<Long> ownerPid(int port) {
    Optional<Long> pid = ProcFs.listeners().getOrDefault(port, Optional.empty());
    return pid.isPresent() ? pid : ssOwnerPid(port);
  }

  /**
   * Who listens on which local TCP port at this moment: {@code /proc} is read once, for many
   * look-ups.
   *
   * @param host the address to probe on a system without {@code /proc}
   */
  public static Listeners listeners(String host) {
    return new Listeners(host, ProcFs.listeners());
  }

  /** A snapshot of the listening TCP ports ({@link #listeners(String)}). */
  public static final class Listeners {
    private final String host;
    private final Map<Integer, Optional<Long>> fromProc;

    private Listeners(String host, Map<Integer, Optional<Long>> fromProc) {
      this.host = host;
      this.fromProc = fromProc;
    }

    /**
     * What listens on {@code port}, if anything.
     *
     * @return empty if nothing listens
     */
    public Optional<Listener> on(int port) {
      if (fromProc.containsKey(port)) {
        Optional<Long> pid = fromProc.get(port);
        return Optional.of(new Listener(port, pid.isPresent() ? pid : ssOwnerPid(port)));
      }
      if (!fromProc.isEmpty() || !isListening(host, port)) {
        return Optional.empty();
      }
      return Optional.of(new Listener(port, ssOwnerPid(port)));
    }
  }

  /**
   * A process listening on a local TCP port.
   *
   * @param port the port
   * @param pid its PID, or empty when it cannot be told (another user's process without root)
   */
  public record Listener(int port, Optional<Long> pid) {}

  /** {@code name (pid N)}, the name being the executable's file name where it can be read. */
  static String describe(long pid) {
    return ProcessHandle.of(pid)
            .flatMap(h -> h.info().command())
            .map(c -> Path.of(c).getFileName().toString())
            .orElse("a process")
        + " (pid "
        + pid
        + ")";
  }

  private static Optional<Long> ssOwnerPid(int port) {
    try {
      Process p =
          new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      Matcher m = SS_USER.matcher(out);
      return m.find() ? Optional.of(Long.parseLong(m.group(2))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The first {@code users:(("name",pid=N,...))} of {@code ss -ltnp} output. */
  static Optional<String> parseSsOwner(String ssOutput) {
    Matcher m = SS_USER.matcher(ssOutput);
    return m.find() ? Optional.of(m.group(1) + " (pid " + m.group(2) + ")") : Optional.empty();
  }

  /**
   * Fails unless {@code host:port} is free.
   *
   * @param what what we wanted to start there, for the message
   * @throws PortTakenException naming the port and, if it can tell, the process holding it
   */
  public static void requireFree(String host, int port, String what) {
    if (isListening(host, port)) {
      throw new PortTakenException(message(host, port, what, owner(port)));
    }
  }

  /** The {@link #requireFree} message if {@code host:port} is taken, else empty. */
  public static Optional<String> takenMessage(String host, int port, String what) {
    return isListening(host, port)
        ? Optional.of(message(host, port, what, owner(port)))
        : Optional.empty();
  }

  /** Fails with every message of {@code problems} if there is any. */
  public static void requireNone(java.util.List<String> problems) {
    if (!problems.isEmpty()) {
      throw new PortTakenException(String.join("\n", problems));
    }
  }

  static String message(String host, int port, String what, Optional<String> owner) {
    return "port "
        + port
        + " on "
        + host
        + " (for "
        + what
        + ") is taken by "
        + owner.orElse("a process that is not ours")
        + ": stop it or move "
        + what
        + " to another port (see docs/services/devstack.md)";
  }

  /** A port needed by the dev stack is held by a process the dev stack did not start. */
  public static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}
