package io.paystream.simulator.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerCountTest {

  @Test
  void countsMissingAndDuplicatedRows() {
    FleetChecks.LedgerCount count =
        FleetChecks.LedgerCount.of(List.of("a", "b", "c", "d"), Map.of("a", 1L, "b", 2L, "d", 1L));

    assertThat(count).isEqualTo(new FleetChecks.LedgerCount(1, 1));
  }
}
