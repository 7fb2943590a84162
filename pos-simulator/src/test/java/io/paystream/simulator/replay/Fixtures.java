package io.paystream.simulator.replay;

import io.paystream.contracts.event.CardType;
import io.paystream.contracts.event.Channel;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Money;
import io.paystream.simulator.model.Transaction;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;

/** Test data for replay tests. */
final class Fixtures {

  static final Card CARD =
      new Card("c-1", "u-1", "4242424242424242", 12, 2030, "Visa", CardType.CREDIT, false);
  static final Card OTHER_CARD =
      new Card("c-2", "u-2", "5555555555554444", 12, 2030, "Mastercard", CardType.DEBIT, false);

  private Fixtures() {}

  static Transaction tx(String id, Card card, String time, boolean fraud) {
    return new Transaction(
        id,
        card.cardId(),
        "m-1",
        Money.of("23.50", "USD"),
        Channel.POS,
        OffsetDateTime.parse(time),
        new GeoLocation(40.758, -73.9855, 0.05, "US"),
        fraud,
        null);
  }

  static Endpoints endpoints(String base) {
    URI uri = URI.create(base);
    return new Endpoints(uri, uri, uri, URI.create(base + "/v1/verifications/sms-callback"));
  }

  static Terminals terminals(HttpJson http, Endpoints endpoints) {
    return new Terminals(
        http,
        endpoints,
        new TokenClient(http, endpoints),
        new Terminals.AdminCredentials("admin", "admin-secret"),
        "seed",
        "standard");
  }

  static HttpJson http(Duration timeout) {
    return new HttpJson(timeout);
  }
}
