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
  void namesTheProcessListeningOnAPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = socket.getLocalPort();
      long self = ProcessHandle.current().pid();

      assertThat(Ports.ownerPid(port)).contains(self);
      assertThat(Ports.owner(port))
          .hasValueSatisfying(o -> assertThat(o).endsWith("(pid " + self + ")"));
      assertThat(Ports.listeners("127.0.0.1").on(port))
          .contains(new Ports.Listener(port, Optional.of(self)));
    }
  }

  @Test
  void readsListeningSocketsFromProcNetTcp() {
    String table =
        """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:4A38 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 41234 1 0000000000000000 100 0 0 10 0
           1: 0100007F:8BE2 0100007F:4A38 01 00000000:00000000 00:00000000 00000000  1000        0 41299 1 0000000000000000 20 4 30 10 -1
        """;

    assertThat(ProcFs.parseListening(table)).isEqualTo(java.util.Map.of(41234L, 19000));
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
