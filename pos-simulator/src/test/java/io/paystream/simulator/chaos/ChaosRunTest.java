package io.paystream.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosRunTest {

  private final List<ChaosRun.Spec> all =
      ChaosRun.catalogue(Duration.ofSeconds(20), Duration.ofMillis(50));

  @Test
  void theCatalogueKillsEveryServiceAndHasEachFaultOfTheIssue() {
    assertThat(all)
        .extracting(ChaosRun.Spec::name)
        .contains(
            "kill-fds-service",
            "kill-gateway",
            "kill-auth-server",
            "kill-notification-service",
            "kafka-kill",
            "postgres-stop",
            "postgres-slow",
            "redis-kill",
            "redis-flushall",
            "redis-slow",
            "sms-outage",
            "gateway-fuzz",
            "kafka-3brokers-kill")
        .doesNotHaveDuplicates();
    assertThat(all.stream().filter(s -> s.name().startsWith("kill-")))
        .hasSize(ChaosRun.SERVICES.size());
  }

  @Test
  void selectsByNameWithinThePhaseOfTheStackThatRuns() {
    assertThat(ChaosRun.select(all, "kill-fds-service,kafka-3brokers-kill", 1))
        .extracting(ChaosRun.Spec::name)
        .containsExactly("kill-fds-service");
    assertThat(ChaosRun.select(all, "all", 3))
        .extracting(ChaosRun.Spec::name)
        .containsExactly("kafka-3brokers-kill");
    assertThatThrownBy(() -> ChaosRun.select(all, "kill-everything", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kill-fds-service");
  }
}
