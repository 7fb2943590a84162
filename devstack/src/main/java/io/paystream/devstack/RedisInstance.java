package io.paystream.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Redis at the configured address: used if it answers {@code PING}, else (loopback only) a
 * throwaway {@code redis-server} without persistence, data dir {@code <runDir>/redis}.
 */
public final class RedisInstance {

  /** Component name. */
  public static final String NAME = "redis";

  /** What to install when Redis is neither running nor installed. */
  public static final String INSTALL_HINT = "apt-get install -y redis-server";

  private final StackConfig config;
  private final ManagedProcess process;

  public RedisInstance(StackConfig config) {
    this.config = config;
    this.process = ManagedProcess.of(config, NAME);
  }

  /** The managed process (only when we started the server). */
  public ManagedProcess process() {
    return process;
  }

  /** Whether Redis answers {@code PING} with {@code +PONG} within 2 s. */
  public boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(config.redisHost(), config.redisPort()), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return new String(buf, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Empties Redis database 0, the one the services use ({@code SELECT 0}, {@code FLUSHDB}); the
   * integration tests' databases 1–15 are left alone.
   *
   * @throws IllegalStateException when Redis does not confirm
   */
  public void flushServiceDatabase() {
    command("SELECT 0\r\nFLUSHDB\r\n", "+OK\r\n+OK\r\n");
  }

  /**
   * Sends inline commands and expects exactly {@code expectedReply}.
   *
   * @throws IllegalStateException when Redis cannot be reached or answers otherwise
   */
  void command(String commands, String expectedReply) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(config.redisHost(), config.redisPort()), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(commands.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[expectedReply.length()];
      int n = in.readNBytes(buf, 0, buf.length);
      String reply = new String(buf, 0, n, StandardCharsets.US_ASCII);
      if (!reply.equals(expectedReply)) {
        throw new IllegalStateException(
            "Redis answered " + reply.strip() + " to " + commands.strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach Redis: " + e.getMessage(), e);
    }
  }

  /**
   * Starts a throwaway {@code redis-server} on the configured port.
   *
   * @throws MissingSoftwareException if {@code redis-server} is not installed
   */
  public ProcessHandle start() {
    if (!Which.isLoopback(config.redisHost())) {
      throw new IllegalStateException(
          "Redis does not answer at "
              + config.redisHost()
              + ":"
              + config.redisPort()
              + " and that is not this machine: start it there or set PAYSTREAM_REDIS_HOST");
    }
    Path server =
        Which.find("redis-server")
            .orElseThrow(
                () ->
                    new MissingSoftwareException(
                        "Redis does not answer at "
                            + config.redisHost()
                            + ":"
                            + config.redisPort()
                            + " and redis-server is not installed: run `"
                            + INSTALL_HINT
                            + "` (as root), then `make up` again"));
    Ports.requireFree(config.redisHost(), config.redisPort(), "Redis");
    Path dir = config.runDir().resolve("redis");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return process.start(
        List.of(
            server.toString(),
            "--port",
            Integer.toString(config.redisPort()),
            "--bind",
            config.redisHost(),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString(),
            "--daemonize",
            "no"),
        Map.of(),
        config.runDir());
  }

  /** Stops the server we started; else nothing. */
  public boolean stop() {
    return process.stop(Duration.ofSeconds(10));
  }
}
