package io.paystream.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecoveryTest {

  @Test
  void recoveryIsTheFirstSecondFromWhichTheAverageHoldsNinetyPercentForFiveSeconds() {
    // baseline 30/s for 10 s, fault at 10: 0 for 8 s, then back to 30/s
    long[] s = new long[40];
    for (int i = 0; i < s.length; i++) {
      s[i] = i < 10 || i >= 18 ? 30 : 0;
    }

    Double seconds = Recovery.seconds(s, Recovery.mean(s, 2, 10), 10);

    // the 3 s average is back at 30 from second 19 (18, 19, 20 all at 30)
    assertThat(seconds).isEqualTo(9.0);
  }

  @Test
  void aFaultThatNeverDentedTheThroughputRecoversAtOnce() {
    long[] s = new long[30];
    java.util.Arrays.fill(s, 20);

    assertThat(Recovery.seconds(s, 20, 10)).isEqualTo(0.0);
  }

  @Test
  void aShortRecoveryThatFallsBackDoesNotCount() {
    long[] s = new long[40];
    for (int i = 0; i < s.length; i++) {
      s[i] = i < 10 ? 30 : (i >= 14 && i < 17) || i >= 25 ? 30 : 0;
    }

    assertThat(Recovery.seconds(s, 30, 10)).isEqualTo(16.0);
  }

  @Test
  void aSeriesThatEndsBeforeRecoveryHasNoRecoveryTime() {
    long[] s = new long[20];
    for (int i = 0; i < 10; i++) {
      s[i] = 30;
    }

    assertThat(Recovery.seconds(s, 30, 10)).isNull();
  }
}
