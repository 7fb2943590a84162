package io.paystream.loyalty.support;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.MerchantSnapshot;
import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.contracts.event.PaymentStatus;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Builds the events loyalty-service consumes, the way payment-api and fds-service shape them. */
public final class Payments {

  private static final URI PAYMENT_API = Event.sourceOf("payment-api");
  private static final URI FDS = Event.sourceOf("fds-service");

  private Payments() {}

  /** A card token for a customer's n-th card. */
  public static String cardToken(String customerId, int card) {
    return "k1_" + customerId + "_" + card;
  }

  /** A {@code payment.requested.v1} as payment-api publishes it (event id = payment id). */
  public static Event<PaymentRequested> requested(
      String paymentId,
      String customerId,
      String cardToken,
      String merchantId,
      String mcc,
      Channel channel,
      long amountMinor,
      OffsetDateTime occurredAt) {
    PaymentRequested data =
        new PaymentRequested(
            paymentId,
            "pos-test",
            "T-0001",
            channel,
            new CardSnapshot(cardToken, "453201", "0366", "Visa", CardType.CREDIT, null),
            customerId,
            new MerchantSnapshot(merchantId, "Merchant " + merchantId, mcc, "US"),
            amountMinor,
            "USD",
            channel == Channel.ONLINE ? null : new GeoLocation(40.75, -73.98, 5.0, "US"),
            occurredAt,
            Instant.now());
    return new Event<>(
        paymentId,
        PAYMENT_API,
        io.paystream.contracts.EventTypes.PAYMENT_REQUESTED,
        OffsetDateTime.now(ZoneOffset.UTC),
        paymentId,
        data);
  }

  /** A POS payment of 12.50 USD now-ish. */
  public static Event<PaymentRequested> visit(
      String paymentId, String customerId, String merchantId, OffsetDateTime occurredAt) {
    return requested(
        paymentId,
        customerId,
        cardToken(customerId, 0),
        merchantId,
        "5812",
        Channel.POS,
        1250,
        occurredAt);
  }

  /** A {@code payment.decided.v1} as fds-service publishes it (id = paymentId:sequence). */
  public static Event<PaymentDecided> decided(
      String paymentId, String customerId, String merchantId, PaymentStatus status, long sequence) {
    PaymentDecided data =
        new PaymentDecided(
            paymentId,
            sequence,
            status,
            cardToken(customerId, 0),
            customerId,
            merchantId,
            "pos-test",
            1250,
            "USD",
            List.of("VELOCITY"),
            null,
            OffsetDateTime.now(ZoneOffset.UTC),
            Instant.now());
    return new Event<>(
        paymentId + ":" + sequence,
        FDS,
        io.paystream.contracts.EventTypes.PAYMENT_DECIDED,
        OffsetDateTime.now(ZoneOffset.UTC),
        paymentId,
        data);
  }
}
