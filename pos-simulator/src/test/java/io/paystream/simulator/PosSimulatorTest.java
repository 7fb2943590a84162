package io.paystream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PosSimulatorTest {

  @Test
  void parsesGatewayAndLimit() {
    PosSimulator simulator = new PosSimulator();
    new CommandLine(simulator).parseArgs("--gateway", "http://gw:8080", "--limit", "5000");

    assertThat(simulator.fleet.gateway()).isEqualTo("http://gw:8080");
    assertThat(simulator.limit).isEqualTo(5000);
  }
}
