package io.paystream.devstack.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A test's own {@code redis-server} process on a free port, without persistence, that the test may
 * kill and restart (the shared Redis on 6379 is never touched).
 */
public final class OwnRedisServer implements AutoCloseable {

  private final int port;
  private final Path dir;
  private Process process;

  public OwnRedisServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    dir = Files.createTempDirectory("paystream-it-redis");
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>/0}. */
  public String uri() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** Starts the process (again) on the same port and waits until it accepts connections. */
  public OwnRedisServer start() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited, see " + dir.resolve("redis.log"));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not open port " + port);
  }

  /** Kills the process (SIGKILL) and waits for it to go. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
