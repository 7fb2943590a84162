package io.paystream.simulator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the processes whose CPU the benchmark reports: every dev stack process with a PID file
 * ({@code <runDir>/pids/<name>.pid}, {@code <pid> <start instant>}: the eight services, {@code
 * kafka}, {@code sandbox}), the PostgreSQL cluster that answers the benchmark's connection
 * (postmaster + backends, wherever it was started: the machine's own cluster or the stack's), the
 * Redis that answers on the given port ({@code INFO server} {@code process_id}), and the load
 * generator (this JVM).
 */
public final class FleetProcesses {

  /** Name of the load generator's group. */
  public static final String LOAD_GENERATOR = "load-generator";

  private FleetProcesses() {}

  /**
   * The groups to sample, fleet first, the load generator last.
   *
   * @param pidsDir {@code .run/pids}
   * @param db the benchmark's own connection to the fleet's database (its backend is excluded)
   * @param redisHost Redis host
   * @param redisPort Redis port
   * @param procRoot {@code /proc}
   */
  public static List<CpuSampler.Group> discover(
      Path pidsDir, Connection db, String redisHost, int redisPort, Path procRoot) {
    List<CpuSampler.Group> groups = new ArrayList<>();
    try (Stream<Path> files = Files.list(pidsDir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".pid")) {
          continue;
        }
        name = name.substring(0, name.length() - 4);
        if (name.equals("postgres") || name.equals("redis")) {
          continue; // found below, wherever they run
        }
        Optional<Long> pid = pidOf(Files.readString(f, StandardCharsets.UTF_8));
        if (pid.isPresent()) {
          groups.add(CpuSampler.Group.of(name, pid.get()));
        }
      }
    } catch (IOException e) {
      // no PID files: nothing of the stack to measure
    }
    postgres(db, procRoot).ifPresent(groups::add);
    redisPid(redisHost, redisPort).ifPresent(pid -> groups.add(CpuSampler.Group.of("redis", pid)));
    groups.add(CpuSampler.Group.of(LOAD_GENERATOR, ProcessHandle.current().pid()));
    return groups;
  }

  /** The pid of a PID file's content ({@code <pid> <start instant>}). */
  static Optional<Long> pidOf(String content) {
    String[] parts = content.trim().split("\\s+");
    try {
      return parts.length == 0 || parts[0].isEmpty()
          ? Optional.empty()
          : Optional.of(Long.parseLong(parts[0]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The postmaster (parent of this connection's backend) with its children, minus this backend. */
  static Optional<CpuSampler.Group> postgres(Connection db, Path procRoot) {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      long backend = r.getLong(1);
      return ProcStat.read(procRoot, backend)
          .map(b -> new CpuSampler.Group("postgresql", b.ppid(), true, Set.of(backend)));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /** {@code process_id} from Redis {@code INFO server} (inline command, no client library). */
  static Optional<Long> redisPid(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder sb = new StringBuilder();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        sb.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
        Optional<Long> pid = infoField(sb.toString(), "process_id");
        if (pid.isPresent()) {
          return pid;
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A numeric {@code name:value} field of a Redis INFO answer. */
  static Optional<Long> infoField(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        try {
          return Optional.of(Long.parseLong(line.substring(name.length() + 1).trim()));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
