package io.paystream.benefit;

import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.MerchantSnapshot;
import io.paystream.contracts.event.PaymentRequested;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Builders of test payments. */
public final class TestPayments {

  private TestPayments() {}

  /** A card without a registry product code (mapped by brand + type). */
  public static CardSnapshot card(String token, String brand, CardType type, String lastFour) {
    return new CardSnapshot(token, "400000", lastFour, brand, type, null);
  }

  /** A card with a registry product code. */
  public static CardSnapshot card(
      String token, String brand, CardType type, String lastFour, String productCode) {
    return new CardSnapshot(token, "400000", lastFour, brand, type, productCode);
  }

  /** A POS payment of {@code amountMinor} USD at a merchant of {@code mcc}. */
  public static PaymentRequested payment(
      String customerId, CardSnapshot card, String mcc, long amountMinor, OffsetDateTime at) {
    return new PaymentRequested(
        UUID.randomUUID().toString(),
        "pos-client-1",
        "T-0001",
        Channel.POS,
        card,
        customerId,
        new MerchantSnapshot("m-" + mcc, "Merchant " + mcc, mcc, "US"),
        amountMinor,
        "USD",
        null,
        at,
        Instant.now());
  }

  /** 2026-11-02 12:00 at UTC-5. */
  public static OffsetDateTime t0() {
    return OffsetDateTime.of(2026, 11, 2, 12, 0, 0, 0, ZoneOffset.ofHours(-5));
  }
}
