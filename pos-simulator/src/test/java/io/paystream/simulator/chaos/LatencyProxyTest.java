package io.paystream.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LatencyProxyTest {

  private ServerSocket echo;
  private Thread server;

  @BeforeEach
  void startEchoServer() throws Exception {
    echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    server =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (Socket s = echo.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                      out.write(b);
                      out.flush();
                    }
                  } catch (Exception e) {
                    // closed
                  }
                });
  }

  @AfterEach
  void stop() throws Exception {
    echo.close();
  }

  @Test
  void passesBytesThroughAndDelaysThemBothWaysOnlyWhileToldTo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (LatencyProxy proxy = new LatencyProxy("echo", "127.0.0.1", port, echo.getLocalPort());
        Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(5_000);

      assertThat(roundTrip(client, 'a')).isEqualTo('a');
      proxy.delay(Duration.ofMillis(150));
      long start = System.nanoTime();
      int echoed = roundTrip(client, 'b');
      long slowMs = (System.nanoTime() - start) / 1_000_000;
      proxy.delay(Duration.ZERO);

      assertThat(echoed).isEqualTo('b');
      // both directions wait: a round trip cannot take less than twice the delay
      assertThat(slowMs).isGreaterThanOrEqualTo(300);
      assertThat(proxy.connections()).isEqualTo(1);
      assertThat(roundTrip(client, 'c')).isEqualTo('c');
    }
  }

  private static int roundTrip(Socket s, char c) throws Exception {
    s.getOutputStream().write(c);
    s.getOutputStream().flush();
    return s.getInputStream().read();
  }
}
