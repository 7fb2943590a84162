package io.paystream.simulator.replay;

import io.paystream.simulator.model.Card;
import io.paystream.simulator.model.Customer;
import io.paystream.simulator.model.Merchant;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Registers customers, cards and merchants through payment-api's bulk registry endpoints (scope
 * {@code admin}, via the gateway), {@value #CHUNK} per request. Upserts are idempotent, so a re-run
 * registers the same ids again harmlessly.
 */
public final class RegistryClient {

  static final int CHUNK = 1_000;

  /** Accepted and rejected counts per kind, with rejection reasons ({@code field: reason}). */
  public record Registration(Map<String, Long> accepted, Map<String, Long> rejected) {}

  private final HttpJson http;
  private final Endpoints endpoints;

  public RegistryClient(HttpJson http, Endpoints endpoints) {
    this.http = http;
    this.endpoints = endpoints;
  }

  /** Registers everything, customers first (cards reference them). */
  public Registration registerAll(
      String adminToken, List<Customer> customers, List<Card> cards, List<Merchant> merchants) {
    Map<String, Long> accepted = new TreeMap<>();
    Map<String, Long> rejected = new TreeMap<>();
    bulk(adminToken, "customers", customers, RegistryClient::customer, accepted, rejected);
    bulk(adminToken, "cards", cards, RegistryClient::card, accepted, rejected);
    bulk(adminToken, "merchants", merchants, RegistryClient::merchant, accepted, rejected);
    return new Registration(accepted, rejected);
  }

  private <T> void bulk(
      String adminToken,
      String kind,
      List<T> items,
      Function<T, Map<String, Object>> body,
      Map<String, Long> accepted,
      Map<String, Long> rejected) {
    for (int from = 0; from < items.size(); from += CHUNK) {
      List<Map<String, Object>> chunk = new ArrayList<>();
      for (T item : items.subList(from, Math.min(items.size(), from + CHUNK))) {
        chunk.add(body.apply(item));
      }
      HttpResponse<String> response =
          http.send(
                  http.request(endpoints.gateway("/v1/" + kind + "/bulk"))
                      .header("Authorization", "Bearer " + adminToken)
                      .header("Content-Type", "application/json")
                      .POST(HttpJson.json(chunk))
                      .build())
              .join();
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "registering "
                + kind
                + ": HTTP "
                + response.statusCode()
                + " "
                + HttpJson.problemType(response));
      }
      JsonNode result = HttpJson.parse(response.body());
      accepted.merge(kind, result.path("accepted").asLong(chunk.size()), Long::sum);
      for (JsonNode r : result.path("rejected")) {
        rejected.merge(
            kind + ": " + r.path("field").asString("?") + " " + r.path("reason").asString("?"),
            1L,
            Long::sum);
      }
    }
  }

  static Map<String, Object> customer(Customer c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("customerId", c.customerId());
    m.put("name", c.name());
    m.put("phone", c.phone());
    m.put("email", c.email());
    m.put("locale", c.locale());
    return m;
  }

  static Map<String, Object> card(Card c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("customerId", c.customerId());
    m.put("pan", c.pan());
    m.put("expiryMonth", c.expiryMonth());
    m.put("expiryYear", c.expiryYear());
    m.put("brand", c.brand());
    m.put("type", c.type().name());
    return m;
  }

  static Map<String, Object> merchant(Merchant merchant) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("merchantId", merchant.merchantId());
    m.put("name", merchant.name());
    m.put("mcc", merchant.mcc());
    m.put("address", merchant.address());
    m.put("country", merchant.country());
    m.put("lat", merchant.onlineOnly() ? null : merchant.location().lat());
    m.put("lon", merchant.onlineOnly() ? null : merchant.location().lon());
    m.put("accuracyKm", merchant.onlineOnly() ? null : merchant.location().accuracyKm());
    return m;
  }
}
