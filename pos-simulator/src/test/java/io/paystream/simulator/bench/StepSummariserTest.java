package io.paystream.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StepSummariserTest {

  static Histogram micros(long... values) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (long v : values) {
      h.recordValue(v);
    }
    return h;
  }

  static StepSummariser.StepMeasurement measurement(
      double offered,
      long accepted,
      Histogram accept,
      Histogram decision,
      long lost,
      long lagAtEnd,
      Map<String, Long> errors) {
    Map<String, Long> cpu = new LinkedHashMap<>();
    cpu.put("gateway", 3_000L);
    cpu.put("payment-api", 6_000L);
    cpu.put("postgresql", 1_000L);
    cpu.put(FleetProcesses.LOAD_GENERATOR, 500L);
    return new StepSummariser.StepMeasurement(
        2,
        false,
        offered,
        10,
        (long) (offered * 10),
        accept,
        decision,
        accepted,
        accepted,
        accepted - lost,
        0,
        0,
        lost,
        0,
        errors,
        40,
        lagAtEnd,
        3,
        lagAtEnd == 0,
        20,
        cpu);
  }

  @Test
  void aStepWithinEveryLimitMeetsThem() {
    StepResult r =
        StepSummariser.summarise(
            measurement(
                100,
                1_000,
                micros(5_000, 20_000, 80_000),
                micros(200_000, 900_000),
                0,
                0,
                Map.of()),
            Limits.DEFAULT);

    assertThat(r.acceptedPerSec()).isEqualTo(100.0);
    assertThat(r.decidedPerSec()).isEqualTo(100.0);
    assertThat(r.acceptP50Ms()).isCloseTo(20.0, within(0.1));
    assertThat(r.acceptP99Ms()).isCloseTo(80.0, within(0.1));
    assertThat(r.decisionMaxMs()).isCloseTo(900.0, within(0.5));
    assertThat(r.meetsLimits()).as(r.limitsMissed().toString()).isTrue();
    assertThat(r.limitsMissed()).isEmpty();
  }

  @Test
  void cpuPerPaymentIsPerAcceptedPaymentWithTheLoadGeneratorApart() {
    StepResult r =
        StepSummariser.summarise(
            measurement(100, 1_000, micros(1_000), micros(1_000), 0, 0, Map.of()), Limits.DEFAULT);

    // 10,000 ms of fleet CPU over 1,000 payments; 500 ms of load generator
    assertThat(r.cpuMsPerPayment().total()).isEqualTo(10.0);
    assertThat(r.cpuMsPerPayment().loadGenerator()).isEqualTo(0.5);
    assertThat(r.cpuMsPerPayment().byProcess())
        .containsExactly(
            Map.entry("payment-api", 6.0), Map.entry("gateway", 3.0), Map.entry("postgresql", 1.0));
    assertThat(r.cpuMsPerPayment().fleetCoresBusy()).isEqualTo(0.5);
  }

  @Test
  void eachBrokenLimitIsNamed() {
    StepResult r =
        StepSummariser.summarise(
            measurement(
                100, 700, micros(150_000), micros(2_000_000), 3, 12, Map.of("timeout", 300L)),
            Limits.DEFAULT);

    assertThat(r.meetsLimits()).isFalse();
    assertThat(r.limitsMissed())
        .hasSize(6)
        .anyMatch(s -> s.startsWith("accepted 70.0/s"))
        .anyMatch(s -> s.startsWith("accept p99 150 ms"))
        .anyMatch(s -> s.startsWith("decision p99 200"))
        .contains("300 errors of 1000 requests", "3 lost", "lag 12 at the end");
  }

  @Test
  void aClearlySaturatedStepEndsTheLadder() {
    StepResult fine =
        StepSummariser.summarise(
            measurement(100, 1_000, micros(1_000), micros(1_000), 0, 0, Map.of()), Limits.DEFAULT);
    StepResult starved =
        StepSummariser.summarise(
            measurement(100, 500, micros(1_000), micros(1_000), 0, 0, Map.of()), Limits.DEFAULT);
    StepResult backlog =
        StepSummariser.summarise(
            measurement(100, 1_000, micros(1_000), micros(1_000), 0, 5_000, Map.of()),
            Limits.DEFAULT);

    assertThat(StepSummariser.saturation(fine)).isEmpty();
    assertThat(StepSummariser.saturation(starved)).get().asString().contains("accepted 50.0/s");
    assertThat(StepSummariser.saturation(backlog)).get().asString().contains("not drained");
  }

  @Test
  void theBestRateIsTheHighestStepThatMetTheLimits() {
    StepResult ok =
        StepSummariser.summarise(
            measurement(100, 1_000, micros(1_000), micros(1_000), 0, 0, Map.of()), Limits.DEFAULT);
    StepResult bad =
        StepSummariser.summarise(
            measurement(250, 1_000, micros(1_000), micros(1_000), 0, 0, Map.of()), Limits.DEFAULT);

    assertThat(FleetBench.bestRate(List.of(ok, bad))).isEqualTo(100.0);
    assertThat(FleetBench.bestRate(List.of(bad))).isNull();
  }
}
