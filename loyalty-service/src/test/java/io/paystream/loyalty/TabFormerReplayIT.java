package io.paystream.loyalty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.paystream.devstack.test.Infra;
import io.paystream.loyalty.support.LoyaltyIntegrationSupport;
import io.paystream.loyalty.support.TabFormerPayments;
import io.paystream.loyalty.visit.VisitCountService;
import io.paystream.loyalty.visit.VisitPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TabFormerReplayIT extends LoyaltyIntegrationSupport {

  @Autowired VisitCountService counts;

  @Test
  void replayedUserHasExactlyTheVisitCountsComputedFromTheFile(Infra infra) throws Exception {
    Path sample = TabFormerPayments.sample();
    assumeThat(Files.isReadable(sample)).as("TabFormer sample at " + sample).isTrue();

    // given user 0's payments (refunds excluded, ONLINE included) and the counts the file implies
    List<TabFormerPayments.Row> rows = TabFormerPayments.paymentsOf(sample, "0");
    Map<String, Long> expected =
        rows.stream()
            .collect(Collectors.groupingBy(TabFormerPayments::merchantId, Collectors.counting()));
    assertThat(rows).hasSizeGreaterThan(10_000);
    assertThat(rows).anyMatch(TabFormerPayments.Row::online);

    // when they are replayed through payment-stream, the first 500 twice
    var events = rows.stream().map(TabFormerPayments::event).toList();
    sendPayments(events);
    sendPayments(events.subList(0, 500));

    // then loyalty's per-merchant counts equal the file's, in PostgreSQL and through the cache
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> queryLong(infra, "SELECT count(*) FROM loyalty.visits") == rows.size());
    Map<String, Long> stored = countsByMerchant(infra, "tf_0");
    assertThat(stored).isEqualTo(expected);
    for (var e : expected.entrySet()) {
      assertThat(counts.count(new VisitPair("tf_0", e.getKey())).block().visits())
          .as(e.getKey())
          .isEqualTo(e.getValue().intValue());
    }
    long vipMerchants = expected.values().stream().filter(n -> n >= 10).count();
    assertThat(
            queryLong(infra, "SELECT count(*) FROM loyalty.memberships WHERE customer_id = 'tf_0'"))
        .isEqualTo(vipMerchants);
  }
}
