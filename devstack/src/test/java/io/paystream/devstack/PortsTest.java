package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void aBoundPortIsTakenAndNamedInTheMessage() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = socket.getLocalPort();

      assertThat(Ports.isListening("127.0.0.1", port)).isTrue();
      assertThatThrownBy(() -> Ports.requireFree("127.0.0.1", port, "the SMS sandbox"))
          .isInstanceOf(Ports.PortTakenException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("the SMS sandbox");
    }
  }

  @Test
  void aClosedPortIsFree() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    assertThat(Ports.isListening("127.0.0.1", port)).isFalse();
    assertThat(Ports.takenMessage("127.0.0.1", port, "x")).isEmpty();
  }

  @Test
  void namesTheOwningProcessFromSsOutput() {
    String ss = "LISTEN 0 511 127.0.0.1:6379 0.0.0.0:* users:((\"redis-server\",pid=2206,fd=6))\n";

    assertThat(Ports.parseSsOwner(ss)).contains("redis-server (pid 2206)");
    assertThat(Ports.parseSsOwner("")).isEmpty();
    assertThat(Ports.message("127.0.0.1", 8089, "the SMS sandbox", Optional.empty()))
        .contains("port 8089")
        .contains("a process that is not ours");
  }
}
