package io.paystream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * PostgreSQL at the configured address: used if it answers, else (loopback only) a throwaway
 * cluster under {@code <runDir>/postgres} started with {@code initdb} + {@code pg_ctl} (as the
 * {@code postgres} user when run as root, trust authentication).
 */
public final class PostgresInstance {

  /** Component name. */
  public static final String NAME = "postgres";

  /** What to install when PostgreSQL is neither running nor installed. */
  public static final String INSTALL_HINT = "apt-get install -y postgresql";

  private final StackConfig config;
  private final ManagedProcess process;

  public PostgresInstance(StackConfig config) {
    this.config = config;
    this.process = ManagedProcess.of(config, NAME);
  }

  /** The managed process (only when we started the cluster). */
  public ManagedProcess process() {
    return process;
  }

  /** {@code <runDir>/postgres}: the throwaway cluster's data directory. */
  public Path dataDir() {
    return config.runDir().resolve("postgres");
  }

  /** Whether PostgreSQL answers a query as the configured user. */
  public boolean answers() {
    DriverManager.setLoginTimeout(3);
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Drops the stack's database (terminating its sessions: {@code DROP DATABASE ... WITH (FORCE)},
   * PostgreSQL ≥ 13) and creates it empty.
   *
   * @throws IllegalStateException when PostgreSQL refuses
   */
  public void recreateDatabase() {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute(
          "DROP DATABASE IF EXISTS \"" + config.database().replace("\"", "") + "\" WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot drop database " + config.database() + ": " + e.getMessage(), e);
    }
    ensureDatabase();
  }

  /** Creates the stack's database if it does not exist. */
  public void ensureDatabase() {
    try (Connection c = connect("postgres");
        PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      q.setString(1, config.database());
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE \"" + config.database().replace("\"", "") + "\"");
      }
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState())) { // duplicate_database: a concurrent create won
        throw new IllegalStateException(
            "cannot create database " + config.database() + ": " + e.getMessage(), e);
      }
    }
  }

  private Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://"
            + config.postgresHost()
            + ":"
            + config.postgresPort()
            + "/"
            + db
            + "?connectTimeout=3&socketTimeout=10",
        config.postgresUser(),
        config.postgresPassword());
  }

  /** Directory holding {@code initdb} and {@code pg_ctl}: the newest /usr/lib/postgresql/N/bin. */
  static Optional<Path> binDir() {
    Path base = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(base)) {
      try (Stream<Path> versions = Files.list(base)) {
        Optional<Path> newest =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(Comparator.comparing(PostgresInstance::majorVersion));
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        // fall through to PATH
      }
    }
    return Which.find("initdb").map(Path::getParent);
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Starts a throwaway cluster on the configured port (initdb on first use).
   *
   * @throws MissingSoftwareException if PostgreSQL is not installed
   */
  public void start() {
    if (!Which.isLoopback(config.postgresHost())) {
      throw new IllegalStateException(
          "PostgreSQL does not answer at "
              + config.postgresHost()
              + ":"
              + config.postgresPort()
              + " and that is not this machine: start it there or set PAYSTREAM_POSTGRES_HOST");
    }
    Path bin =
        binDir()
            .orElseThrow(
                () ->
                    new MissingSoftwareException(
                        "PostgreSQL does not answer at "
                            + config.postgresHost()
                            + ":"
                            + config.postgresPort()
                            + " and is not installed: run `"
                            + INSTALL_HINT
                            + "` (as root), then `make up` again"));
    Ports.requireFree(config.postgresHost(), config.postgresPort(), "PostgreSQL");
    Path data = dataDir();
    Path log = process.logFile();
    try {
      Files.createDirectories(data);
      Files.createDirectories(log.getParent());
      if (!Files.exists(log)) {
        Files.createFile(log);
      }
      if (Which.isRoot()) {
        ProcessRunner.run(
            List.of("chown", "-R", "postgres:postgres", data.toString(), log.toString()),
            Duration.ofSeconds(30),
            log);
        ProcessRunner.run(List.of("chmod", "700", data.toString()), Duration.ofSeconds(10), log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!Files.exists(data.resolve("PG_VERSION"))) {
      ProcessRunner.run(
          asPostgres(
              List.of(
                  bin.resolve("initdb").toString(),
                  "-D",
                  data.toString(),
                  "-U",
                  config.postgresUser(),
                  "--auth=trust",
                  "-E",
                  "UTF8",
                  "--no-sync")),
          Duration.ofSeconds(120),
          log);
    }
    String socketDir = data.toString().length() < 80 ? data.toString() : "/tmp";
    ProcessRunner.run(
        asPostgres(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                log.toString(),
                "-w",
                "-t",
                "60",
                "start",
                "-o",
                "-p "
                    + config.postgresPort()
                    + " -k "
                    + socketDir
                    + " -c listen_addresses="
                    + config.postgresHost()
                    + " -c fsync=off")),
        Duration.ofSeconds(90),
        log);
    long pid = postmasterPid().orElseThrow(() -> new IllegalStateException("no postmaster.pid"));
    process.adopt(
        ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException("postmaster " + pid + " is gone")));
  }

  private Optional<Long> postmasterPid() {
    try {
      List<String> lines =
          Files.readAllLines(dataDir().resolve("postmaster.pid"), StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Stops the cluster we started ({@code pg_ctl stop -m fast}, then by PID); else nothing. */
  public boolean stop() {
    if (process.running().isEmpty()) {
      return false;
    }
    if (binDir().isPresent()) {
      try {
        pgCtlStop("fast");
      } catch (RuntimeException e) {
        System.err.println("pg_ctl stop failed, stopping by PID: " + e.getMessage());
      }
    }
    process.stop(Duration.ofSeconds(15));
    return true;
  }

  /**
   * {@code pg_ctl stop -m immediate} of the cluster we started (callers check that it is ours): the
   * postmaster and its backends exit at once, without a checkpoint.
   */
  void stopImmediately() {
    pgCtlStop("immediate");
  }

  private void pgCtlStop(String mode) {
    Path bin = binDir().orElseThrow(() -> new IllegalStateException("pg_ctl not found"));
    ProcessRunner.run(
        asPostgres(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dataDir().toString(),
                "-m",
                mode,
                "-w",
                "-t",
                "30",
                "stop")),
        Duration.ofSeconds(45),
        process.logFile());
  }

  private static List<String> asPostgres(List<String> command) {
    if (!Which.isRoot()) {
      return command;
    }
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(command);
    return full;
  }
}
