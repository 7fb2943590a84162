package io.paystream.simulator.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.card.Luhn;
import io.paystream.contracts.event.Channel;
import io.paystream.simulator.SharedData;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.GeoMath;
import io.paystream.simulator.model.Transaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TabFormerAdapterTest {

  static Path dir;
  static Dataset dataset;

  @BeforeAll
  static void load() throws IOException {
    dir = SharedData.require("tabformer");
    dataset = new TabFormerAdapter(dir, null).load();
  }

  @Test
  void turnsEveryNonNegativeRowIntoAPaymentAndCountsRefundsAsSkipped() {
    assertThat(dataset.transactions()).hasSize(69_132);
    assertThat(dataset.skipped()).containsExactlyEntriesOf(Map.of("negative-amount", 1_728L));
    assertThat(dataset.transactions().size() + dataset.skipped().get("negative-amount"))
        .isEqualTo(70_860);
    assertThat(dataset.transactions().stream().filter(Transaction::fraud)).hasSize(100);
  }

  @Test
  void registersTheThreeUsersTheirFifteenCardsAndEveryMerchantSite() {
    assertThat(dataset.customers()).hasSize(3);
    assertThat(dataset.cards()).hasSize(15);
    // sites of non-refund rows: (merchant name, zip | country | online)
    assertThat(dataset.merchants()).hasSize(3_007);
    assertThat(dataset.customers())
        .allSatisfy(
            c -> {
              assertThat(c.phone()).matches("\\+15551\\d{6}");
              assertThat(c.email()).endsWith("@tabformer.example");
            });
    assertThat(dataset.customers().getFirst().name()).isEqualTo("Hazel Robinson");
  }

  @Test
  void replacesTheCheckDigitOfCardNumbersFailingLuhn() {
    assertThat(dataset.cards()).allSatisfy(c -> assertThat(Luhn.isValid(c.pan())).isTrue());
    long replaced = dataset.cards().stream().filter(Card::checkDigitReplaced).count();
    assertThat(replaced).isPositive();
    assertThat(dataset.notes()).containsEntry("luhn-check-digit-replaced", replaced);
    Card first = dataset.cardsById().get("tf-c0-0");
    // sd254_cards: 4344676511950444 fails Luhn; only the last digit changes
    assertThat(first.pan()).startsWith("434467651195044").isNotEqualTo("4344676511950444");
    assertThat(first.toString()).doesNotContain(first.pan()).contains("434467");
  }

  @Test
  void onlineRowsAreCardNotPresentWithoutLocation() {
    List<Transaction> online =
        dataset.transactions().stream().filter(t -> t.channel() == Channel.ONLINE).toList();
    assertThat(online).hasSize(18_320).allSatisfy(t -> assertThat(t.location()).isNull());
    assertThat(
            dataset.transactions().stream()
                .filter(t -> t.channel() == Channel.POS)
                .allMatch(t -> t.location() != null))
        .isTrue();
  }

  @Test
  void readsLocalTimesInTheMerchantsZoneWithDaylightSaving() {
    Map<String, Transaction> byId = byId();
    // row 1: 2002-09-01 06:21 in La Verne, CA (PDT, UTC-7), zip centroid good to a few km
    Transaction first = byId.get("tf-r1");
    assertThat(first.occurredAt()).isEqualTo(OffsetDateTime.parse("2002-09-01T06:21-07:00"));
    assertThat(first.location().accuracyKm()).isEqualTo(5.0);
    assertThat(first.amount().decimal()).isEqualTo("134.09");
    // a Rome payment in December is read in Europe/Rome (CET, UTC+1), country centre ≥ 1,000 km
    Transaction rome =
        dataset.transactions().stream()
            .filter(t -> t.merchantId().endsWith("-IT"))
            .filter(t -> t.occurredAt().getMonthValue() == 12)
            .findFirst()
            .orElseThrow();
    assertThat(rome.occurredAt().getOffset().getTotalSeconds()).isEqualTo(3600);
    assertThat(rome.location().accuracyKm()).isGreaterThanOrEqualTo(1_000);
    assertThat(rome.location().country()).isEqualTo("IT");
  }

  @Test
  void ordersPaymentsByEventInstantAcrossZones() {
    assertThat(dataset.transactions())
        .isSortedAccordingTo(Comparator.comparing(t -> t.occurredAt().toInstant()));
  }

  /**
   * The data README's 23 consecutive card-present US ↔ abroad pairs within six hours (counted on
   * naive local times, refunds included) are all in the model: each row either a located payment in
   * the right country or a counted refund.
   */
  @Test
  void findsTheTwentyThreeNaturalImpossibleTravelPairs() throws IOException {
    record Raw(long row, String card, LocalDateTime local, boolean us, boolean refund) {}
    Map<String, List<Raw>> byCard = new HashMap<>();
    try (BufferedReader reader =
        DatasetFormat.open(DatasetFormat.transactionsFile(dir).orElseThrow())) {
      long row = 0;
      for (CSVRecord r : TabFormerAdapter.csv().parse(reader)) {
        row++;
        if (r.get("Merchant City").trim().equals("ONLINE")) {
          continue;
        }
        String[] hm = r.get("Time").split(":");
        LocalDateTime local =
            LocalDateTime.of(
                Integer.parseInt(r.get("Year")),
                Integer.parseInt(r.get("Month")),
                Integer.parseInt(r.get("Day")),
                Integer.parseInt(hm[0]),
                Integer.parseInt(hm[1]));
        String card = r.get("User") + "-" + r.get("Card");
        byCard
            .computeIfAbsent(card, k -> new ArrayList<>())
            .add(
                new Raw(
                    row,
                    card,
                    local,
                    r.get("Merchant State").trim().length() == 2,
                    r.get("Amount").contains("-")));
      }
    }
    List<Raw[]> pairs = new ArrayList<>();
    for (List<Raw> rows : byCard.values()) {
      rows.sort(Comparator.comparing(Raw::local).thenComparing(Raw::row));
      for (int i = 1; i < rows.size(); i++) {
        Raw a = rows.get(i - 1);
        Raw b = rows.get(i);
        if (a.us() != b.us()
            && Duration.between(a.local(), b.local()).compareTo(Duration.ofHours(6)) <= 0) {
          pairs.add(new Raw[] {a, b});
        }
      }
    }
    assertThat(pairs).hasSize(23);

    Map<String, Transaction> byId = byId();
    Set<Long> refunds = new HashSet<>();
    int fraudPairs = 0;
    for (Raw[] pair : pairs) {
      boolean fraud = false;
      for (Raw raw : pair) {
        Transaction t = byId.get("tf-r" + raw.row());
        if (raw.refund()) {
          assertThat(t).isNull();
          refunds.add(raw.row());
          continue;
        }
        assertThat(t).as("row %d", raw.row()).isNotNull();
        assertThat(t.cardId()).isEqualTo("tf-c" + raw.card());
        assertThat(t.channel()).isEqualTo(Channel.POS);
        assertThat(t.location().country().equals("US")).isEqualTo(raw.us());
        fraud |= t.fraud();
      }
      if (fraud) {
        fraudPairs++;
      }
    }
    assertThat(refunds).hasSize(5);
    assertThat(fraudPairs).isEqualTo(7);
  }

  /**
   * In the model (refunds out, times zoned), consecutive located payments on a card that change
   * country within six hours and exceed 900 km/h even after subtracting both accuracy radii: the
   * pairs an impossible-travel rule with the default settings can catch.
   */
  @Test
  void modelHasCatchableImpossibleTravelPairs() {
    Map<String, List<Transaction>> byCard =
        dataset.transactions().stream()
            .filter(t -> t.location() != null)
            .collect(Collectors.groupingBy(Transaction::cardId));
    int crossBorder = 0;
    int domestic = 0;
    for (List<Transaction> list : byCard.values()) {
      for (int i = 1; i < list.size(); i++) {
        Transaction a = list.get(i - 1);
        Transaction b = list.get(i);
        double hours =
            Duration.between(a.occurredAt().toInstant(), b.occurredAt().toInstant()).toSeconds()
                / 3600.0;
        double km =
            GeoMath.distanceKm(a.location(), b.location())
                - a.location().accuracyKm()
                - b.location().accuracyKm();
        if (hours <= 6 && km > 0 && km / Math.max(hours, 1.0 / 60) > 900) {
          if (a.location().country().equals(b.location().country())) {
            domestic++;
          } else {
            crossBorder++;
          }
        }
      }
    }
    System.out.println(
        "TabFormer users 0-2: catchable impossible-travel pairs cross-border="
            + crossBorder
            + " domestic="
            + domestic);
    // measured on this model (zoned instants, refunds out, zip 5 km / country ≥ 1,000 km radii):
    // more cross-border pairs than the README's naive 23, and many US coast-to-coast hops
    assertThat(crossBorder).isEqualTo(25);
    assertThat(domestic).isEqualTo(275);
  }

  private static Map<String, Transaction> byId() {
    return dataset.transactions().stream()
        .collect(Collectors.toMap(Transaction::transactionId, Function.identity()));
  }
}
