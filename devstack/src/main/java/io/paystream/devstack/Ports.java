package io.paystream.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
   * The process listening on {@code port}, as {@code "name (pid N)"}, from {@code ss -ltnpH}; empty
   * if nothing listens, {@code ss} is missing or does not say (another user's process without
   * root).
   */
  public static Optional<String> owner(int port) {
    try {
      Process p =
          new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      return parseSsOwner(out);
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

  /** The pid listening on {@code port} according to {@code ss}, if it can tell. */
  public static Optional<Long> ownerPid(int port) {
    return owner(port).map(o -> Long.parseLong(o.substring(o.indexOf("pid ") + 4, o.length() - 1)));
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
