package io.paystream.fds;

import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.MerchantSnapshot;
import io.paystream.contracts.event.PaymentRequested;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Builders of test payments and well-known places. */
public final class TestPayments {

  /** Myeong-dong, Seoul: a terminal GPS fix. */
  public static final GeoLocation SEOUL = new GeoLocation(37.5636, 126.9827, 0.05, "KR");

  /** Times Square, New York: a terminal GPS fix. */
  public static final GeoLocation NEW_YORK = new GeoLocation(40.7580, -73.9855, 0.05, "US");

  /** Busan. */
  public static final GeoLocation BUSAN = new GeoLocation(35.1796, 129.0756, 0.05, "KR");

  public static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

  private TestPayments() {}

  /** A card-present POS payment of 10.00 USD on {@code card} at {@code location}, {@code at}. */
  public static PaymentRequested pos(String card, GeoLocation location, Instant at) {
    return payment(UUID.randomUUID().toString(), card, Channel.POS, location, at, 1_000, "USD");
  }

  /** A card-not-present payment of 10.00 USD on {@code card} at {@code at}. */
  public static PaymentRequested online(String card, Instant at) {
    return payment(UUID.randomUUID().toString(), card, Channel.ONLINE, null, at, 1_000, "USD");
  }

  /** Any payment. */
  public static PaymentRequested payment(
      String paymentId,
      String card,
      Channel channel,
      GeoLocation location,
      Instant at,
      long amountMinor,
      String currency) {
    return new PaymentRequested(
        paymentId,
        "pos-client-1",
        "T-0001",
        channel,
        new CardSnapshot(card, "424242", "4242", "Visa", CardType.CREDIT, "VISA-PLAT"),
        "cust-1",
        new MerchantSnapshot(
            "m-1", "Corner Shop", "5411", location == null ? "US" : location.country()),
        amountMinor,
        currency,
        location,
        OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(9)),
        at.plusSeconds(1));
  }
}
