package io.paystream.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusTrackerTest {

  @Test
  void readsAPendingPaymentLessOftenTheLongerItStaysPending() {
    StatusTracker tracker =
        new StatusTracker(null, null, null, new ReplayStats(), Duration.ofMillis(500), 4);

    assertThat(tracker.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(tracker.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(tracker.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(tracker.backoff(5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(tracker.backoff(6)).isEqualTo(StatusTracker.MAX_POLL_INTERVAL);
    assertThat(tracker.backoff(1_000)).isEqualTo(StatusTracker.MAX_POLL_INTERVAL);
  }
}
