package io.paystream.simulator.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {

  private static ConsumerLag.Partition p(String topic, int partition) {
    return new ConsumerLag.Partition(topic, partition);
  }

  @Test
  void sumsEndMinusCommittedPerTopic() {
    // given fds has committed up to 10 and 7 of payment-stream, and all of verification-results
    Map<ConsumerLag.Partition, Long> committed =
        Map.of(p("payment-stream", 0), 10L, p("payment-stream", 1), 7L, p("verif", 0), 4L);
    Map<ConsumerLag.Partition, Long> ends =
        Map.of(p("payment-stream", 0), 12L, p("payment-stream", 1), 10L, p("verif", 0), 4L);

    // when
    Map<String, Long> lag = ConsumerLag.perTopic(committed, ends);

    // then
    assertThat(lag).containsExactly(Map.entry("payment-stream", 5L), Map.entry("verif", 0L));
  }

  @Test
  void neverReportsNegativeLagAndIgnoresUnknownEnds() {
    Map<String, Long> lag =
        ConsumerLag.perTopic(Map.of(p("a", 0), 15L, p("gone", 0), 3L), Map.of(p("a", 0), 12L));

    assertThat(lag).containsEntry("a", 0L).containsEntry("gone", 0L);
  }

  @Test
  void totalsAndDescribesOnlyNonZeroLags() {
    Map<String, Map<String, Long>> byGroup =
        Map.of("fds", Map.of("payment-stream", 3L), "loyalty", Map.of("payment-stream", 0L));

    assertThat(ConsumerLag.total(byGroup)).isEqualTo(3);
    assertThat(ConsumerLag.describeNonZero(byGroup)).isEqualTo("fds/payment-stream=3");
  }
}
