package io.paystream.simulator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.Transaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GeneratorFraudTest {

  private final Dataset generated = TrafficGenerator.defaults().load();

  @Test
  void episodesHoldEveryFraudPaymentAndTheOwnersPaymentsAroundIt() {
    List<Transaction> episodes = GeneratorFraud.episodes(generated);

    long fraud = generated.transactions().stream().filter(Transaction::fraud).count();
    assertThat(episodes.stream().filter(Transaction::fraud).count()).isEqualTo(fraud);
    // each cloned card: the owner's payment 40 min before and ~30 min after, at least
    Map<String, List<Transaction>> byCard =
        episodes.stream().collect(Collectors.groupingBy(Transaction::cardId));
    assertThat(byCard.values())
        .allSatisfy(
            card -> {
              assertThat(card.getFirst().fraud()).isFalse();
              assertThat(card.getLast().fraud()).isFalse();
              assertThat(
                      Duration.between(card.getFirst().occurredAt(), card.getLast().occurredAt()))
                  .isLessThan(Duration.ofHours(4));
            });
  }

  @Test
  void mergeAddsWhatTheEpisodesNeedToRegister() {
    Dataset base =
        new Dataset(
            "file", List.of(), List.of(), List.of(), List.of(), Map.of("refund", 1L), Map.of());
    List<Transaction> episodes = GeneratorFraud.episodes(generated);

    Dataset merged = GeneratorFraud.merge(base, generated, episodes);

    assertThat(merged.transactions()).hasSameSizeAs(episodes);
    assertThat(merged.cardsById().keySet())
        .containsAll(episodes.stream().map(Transaction::cardId).toList());
    assertThat(merged.merchantsById().keySet())
        .containsAll(episodes.stream().map(Transaction::merchantId).toList());
    assertThat(merged.skipped()).containsEntry("refund", 1L);
    assertThat(merged.notes()).containsEntry("generator-fraud-payments", (long) episodes.size());
  }
}
