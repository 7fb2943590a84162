package io.paystream.benefit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.MerchantSnapshot;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Replays the TabFormer sample (users 0–2) through the service as {@code payment.requested.v1}
 * events and reports payments seen, tips sent, missed benefit found and throughput. Skipped when
 * the shared data directory ({@code paystream.shared.dir}) is absent. Cards come from {@code
 * sd254_cards} (brand, type; the card number only for the BIN and last four; the CVV column is
 * never read). Refunds (negative amounts) are not sent: {@code payment.requested.v1} requires
 * {@code amountMinor ≥ 1} (the flow IT shows a refund is dead-lettered, never tipped). Local times
 * are read as UTC (the sample has no zone).
 */
@PaystreamIntegrationTest
@SpringBootTest(properties = "spring.kafka.listener.concurrency=3")
class TabFormerReplayIT {

  @Autowired KafkaTemplate<String, Event<?>> kafka;
  @Autowired MeterRegistry meters;

  private record CardRow(String brand, CardType type, String bin, String lastFour) {}

  @Test
  void replaysTheTabFormerSampleAndReportsTips(Infra infra) throws Exception {
    Path dir =
        Path.of(System.getProperty("paystream.shared.dir", "../../shared"), "data", "tabformer");
    Path transactions = dir.resolve("card_transaction.users0-2.csv.gz");
    Path cardsFile = dir.resolve("sd254_cards.csv.gz");
    assumeTrue(
        Files.isRegularFile(transactions) && Files.isRegularFile(cardsFile),
        "no TabFormer data at " + dir);
    // the first N payments in event time (0 = all); default keeps `verify` short on a loaded
    // machine
    int configured = Integer.getInteger("benefit.replay.limit", 5_000);
    int limit = configured <= 0 ? Integer.MAX_VALUE : configured;

    // given: the payments of users 0-2
    Map<String, CardRow> cards = readCards(cardsFile);
    List<PaymentRequested> payments = new ArrayList<>();
    long refunds = 0;
    try (Reader reader = gz(transactions)) {
      long row = 0;
      for (CSVRecord r : csv().parse(reader)) {
        row++;
        BigDecimal amount =
            new BigDecimal(r.get("Amount").trim().replace("$", "").replace(",", ""));
        if (amount.signum() <= 0) {
          refunds++;
          continue;
        }
        String user = r.get("User").trim();
        String cardKey = user + "-" + r.get("Card").trim();
        CardRow card = cards.get(cardKey);
        String[] hm = r.get("Time").trim().split(":");
        LocalDateTime local =
            LocalDateTime.of(
                Integer.parseInt(r.get("Year").trim()),
                Integer.parseInt(r.get("Month").trim()),
                Integer.parseInt(r.get("Day").trim()),
                Integer.parseInt(hm[0]),
                Integer.parseInt(hm[1]));
        String mcc = String.format(Locale.ROOT, "%04d", Integer.parseInt(r.get("MCC").trim()));
        boolean online = r.get("Merchant City").trim().equalsIgnoreCase("ONLINE");
        payments.add(
            new PaymentRequested(
                "tf-r" + row,
                "tabformer-replay",
                "T-replay",
                online ? Channel.ONLINE : Channel.POS,
                new CardSnapshot(
                    "tf-c" + cardKey, card.bin(), card.lastFour(), card.brand(), card.type(), null),
                "tf-u" + user,
                new MerchantSnapshot(
                    "tf-m" + r.get("Merchant Name").trim(),
                    "Merchant " + r.get("Merchant Name").trim(),
                    mcc,
                    "US"),
                amount.movePointRight(2).longValueExact(),
                "USD",
                null,
                local.atOffset(ZoneOffset.UTC),
                Instant.now()));
      }
    }

    // when: all sent to payment-stream in event-time order (as they would have happened), keyed
    // by card
    payments.sort(Comparator.comparing(p -> p.occurredAt().toInstant()));
    if (payments.size() > limit) {
      payments.subList(limit, payments.size()).clear();
    }
    Instant start = Instant.now();
    for (PaymentRequested p : payments) {
      kafka.send(
          Topics.PAYMENT_STREAM.name(),
          p.card().token(),
          Event.of(p.paymentId(), Event.sourceOf("payment-api"), p.paymentId(), p));
    }
    kafka.flush();
    await()
        .atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                scalar(infra, "SELECT count(*) FROM benefit.payment_benefits") >= payments.size());
    Duration elapsed = Duration.between(start, Instant.now());
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> scalar(infra, "SELECT count(*) FROM benefit.outbox") == 0);

    // then
    long seen = scalar(infra, "SELECT count(*) FROM benefit.payment_benefits");
    long betterCard = scalar(infra, "SELECT count(*) FROM benefit.tips WHERE kind = 'BETTER_CARD'");
    long suggestions =
        scalar(infra, "SELECT count(*) FROM benefit.tips WHERE kind = 'PRODUCT_SUGGESTION'");
    // published rows are deleted: the relay's counter says how many went out
    long published = (long) meters.get("paystream.outbox.published").counter().count();
    long throttled =
        scalar(
            infra,
            "SELECT count(*) FROM benefit.payment_benefits WHERE no_tip_reason = 'THROTTLED'");
    long missedHeld =
        scalar(
            infra,
            "SELECT COALESCE(sum(best_held_minor - earned_minor), 0) FROM benefit.payment_benefits");
    long missedAny =
        scalar(
            infra,
            "SELECT COALESCE(sum(best_catalog_minor - earned_minor), 0) FROM benefit.payment_benefits");
    long tippedDiff = scalar(infra, "SELECT COALESCE(sum(difference_minor), 0) FROM benefit.tips");
    long earned =
        scalar(infra, "SELECT COALESCE(sum(earned_minor), 0) FROM benefit.payment_benefits");
    double seconds = elapsed.toMillis() / 1000.0;
    String report =
        String.format(
            Locale.ROOT,
            "TabFormer users 0-2 replay through benefit-service%n"
                + "  payments sent/seen: %d / %d (refunds not sent: %d)%n"
                + "  tips sent: %d (benefit-tip %d, product-suggestion %d), throttled: %d, published: %d%n"
                + "  benefit earned: %s USD; missed vs best held card: %s USD; vs best card incl. catalog: %s USD; tipped differences: %s USD%n"
                + "  elapsed %.1f s: %.0f payments/s, %.1f tips/s (2-core machine shared with other builds)%n",
            payments.size(),
            seen,
            refunds,
            betterCard + suggestions,
            betterCard,
            suggestions,
            throttled,
            published,
            usd(earned),
            usd(missedHeld),
            usd(missedAny),
            usd(tippedDiff),
            seconds,
            seen / seconds,
            (betterCard + suggestions) / seconds);
    System.out.println(report);
    Files.writeString(Path.of("target", "tabformer-replay.txt"), report);

    assertThat(seen).isEqualTo(payments.size());
    assertThat(published).isEqualTo(betterCard + suggestions);
    assertThat(betterCard + suggestions).isPositive();
  }

  private static String usd(long minor) {
    return BigDecimal.valueOf(minor, 2).toPlainString();
  }

  private static long scalar(Infra infra, String sql) throws Exception {
    try (Connection c = infra.openJdbc();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Users 0-2 only; the card number only for BIN and last four; the CVV column never read. */
  private static Map<String, CardRow> readCards(Path file) throws IOException {
    Map<String, CardRow> cards = new HashMap<>();
    try (Reader reader = gz(file)) {
      for (CSVRecord r : csv().parse(reader)) {
        int user = Integer.parseInt(r.get("User").trim());
        if (user > 2) {
          continue;
        }
        String number = r.get("Card Number").trim();
        String type = r.get("Card Type").trim().toLowerCase(Locale.ROOT);
        cards.put(
            user + "-" + r.get("CARD INDEX").trim(),
            new CardRow(
                r.get("Card Brand").trim(),
                type.contains("prepaid")
                    ? CardType.PREPAID
                    : type.startsWith("credit") ? CardType.CREDIT : CardType.DEBIT,
                number.substring(0, 6),
                number.substring(number.length() - 4)));
      }
    }
    return cards;
  }

  private static Reader gz(Path file) throws IOException {
    return new BufferedReader(
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8));
  }

  private static CSVFormat csv() {
    return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
  }
}
