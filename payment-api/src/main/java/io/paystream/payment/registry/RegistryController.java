package io.paystream.payment.registry;

import io.paystream.payment.web.JsonBodies;
import io.paystream.payment.web.JsonFields;
import io.paystream.payment.web.Problems;
import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Registry admin API (scope {@code admin}, docs/api.md): customers, cards and merchants, one by one
 * (idempotent upserts with caller-chosen ids) or in bulk (thousands of rows per request; invalid
 * rows are reported by index and the rest are written).
 */
@RestController
public class RegistryController {

  private final JsonBodies bodies;
  private final RegistryParsers parsers;
  private final RegistryService registry;

  public RegistryController(JsonBodies bodies, RegistryParsers parsers, RegistryService registry) {
    this.bodies = bodies;
    this.parsers = parsers;
    this.registry = registry;
  }

  /** A rejected bulk row. */
  public record RejectedRow(int index, String field, String reason) {}

  /** Answer of a bulk import. */
  public record BulkResult(int accepted, List<RejectedRow> rejected) {}

  /** A registered card as returned by the API. */
  public record CardView(
      String cardToken,
      String bin,
      String lastFour,
      String brand,
      String type,
      String productCode,
      String customerId,
      int expiryMonth,
      int expiryYear) {

    static CardView of(Card c) {
      return new CardView(
          c.cardToken(),
          c.bin(),
          c.lastFour(),
          c.brand(),
          c.type().name(),
          c.productCode(),
          c.customerId(),
          c.expiryMonth(),
          c.expiryYear());
    }
  }

  /** A card row of a bulk import answer. */
  public record BulkCard(int index, String cardToken, String bin, String lastFour) {}

  /** Answer of a card bulk import. */
  public record BulkCardResult(int accepted, List<BulkCard> cards, List<RejectedRow> rejected) {}

  @PutMapping(path = "/v1/customers/{customerId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<Customer> putCustomer(
      @PathVariable String customerId, @RequestBody(required = false) String body) {
    requireId("customerId", customerId);
    JsonFields f = object(body);
    Customer customer = parsers.customer(f, customerId).orElseThrow(() -> invalid(f));
    return registry.saveCustomers(List.of(customer)).thenReturn(customer);
  }

  @GetMapping("/v1/customers/{customerId}")
  public Mono<Customer> getCustomer(@PathVariable String customerId) {
    return registry.customer(customerId).switchIfEmpty(notFound("customer"));
  }

  @PostMapping(path = "/v1/customers/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<BulkResult> bulkCustomers(@RequestBody(required = false) String body) {
    Rows<Customer> rows = rows(body, f -> parsers.customer(f, null).orElse(null));
    return registry
        .saveCustomers(dedupe(rows.valid, Customer::customerId))
        .thenReturn(new BulkResult(rows.valid.size(), rows.rejected));
  }

  @PutMapping(path = "/v1/merchants/{merchantId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<Merchant> putMerchant(
      @PathVariable String merchantId, @RequestBody(required = false) String body) {
    requireId("merchantId", merchantId);
    JsonFields f = object(body);
    Merchant merchant = parsers.merchant(f, merchantId).orElseThrow(() -> invalid(f));
    return registry.saveMerchants(List.of(merchant)).thenReturn(merchant);
  }

  @GetMapping("/v1/merchants/{merchantId}")
  public Mono<Merchant> getMerchant(@PathVariable String merchantId) {
    return registry.merchant(merchantId).switchIfEmpty(notFound("merchant"));
  }

  @PostMapping(path = "/v1/merchants/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<BulkResult> bulkMerchants(@RequestBody(required = false) String body) {
    Rows<Merchant> rows = rows(body, f -> parsers.merchant(f, null).orElse(null));
    return registry
        .saveMerchants(dedupe(rows.valid, Merchant::merchantId))
        .thenReturn(new BulkResult(rows.valid.size(), rows.rejected));
  }

  @PostMapping(path = "/v1/cards", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  public Mono<CardView> postCard(@RequestBody(required = false) String body) {
    JsonFields f = object(body);
    Card card = parsers.card(f).orElseThrow(() -> invalid(f));
    return registry
        .saveCards(List.of(card))
        .flatMap(
            unknown ->
                unknown.isEmpty()
                    ? Mono.just(CardView.of(card))
                    : Mono.error(Problems.validation("customerId", "unknown customer")));
  }

  @GetMapping("/v1/cards/{cardToken}")
  public Mono<CardView> getCard(@PathVariable String cardToken) {
    return registry.card(cardToken).map(CardView::of).switchIfEmpty(notFound("card"));
  }

  @PostMapping(path = "/v1/cards/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Mono<BulkCardResult> bulkCards(@RequestBody(required = false) String body) {
    Rows<Card> rows = rows(body, f -> parsers.card(f).orElse(null));
    return registry
        .saveCards(dedupe(rows.valid, Card::cardToken))
        .map(
            unknownCustomers -> {
              List<RejectedRow> rejected = new ArrayList<>(rows.rejected);
              List<BulkCard> cards = new ArrayList<>();
              for (int i = 0; i < rows.valid.size(); i++) {
                Card c = rows.valid.get(i);
                int index = rows.validIndexes.get(i);
                if (unknownCustomers.contains(c.customerId())) {
                  rejected.add(new RejectedRow(index, "customerId", "unknown customer"));
                } else {
                  cards.add(new BulkCard(index, c.cardToken(), c.bin(), c.lastFour()));
                }
              }
              rejected.sort((a, b) -> Integer.compare(a.index(), b.index()));
              return new BulkCardResult(cards.size(), cards, rejected);
            });
  }

  private static void requireId(String field, String id) {
    if (!RegistryParsers.validId(id)) {
      throw Problems.validation(field, "must be 1-64 letters, digits or _.:-");
    }
  }

  private JsonFields object(String body) {
    JsonNode node = bodies.parse(body);
    if (!node.isObject()) {
      throw Problems.validation("body", "must be a JSON object");
    }
    return JsonFields.of(node);
  }

  private static PaystreamProblem invalid(JsonFields f) {
    return Problems.validation(f.violations());
  }

  private static <T> Mono<T> notFound(String what) {
    return Mono.error(
        () ->
            new PaystreamProblem(
                HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "no such " + what));
  }

  private static final int MAX_BULK_ROWS = 50_000;

  private static final class Rows<T> {
    final List<T> valid = new ArrayList<>();
    final List<Integer> validIndexes = new ArrayList<>();
    final List<RejectedRow> rejected = new ArrayList<>();
  }

  private <T> Rows<T> rows(String body, Function<JsonFields, T> parser) {
    JsonNode node = bodies.parse(body);
    if (!node.isArray()) {
      throw Problems.validation("body", "must be a JSON array");
    }
    if (node.size() > MAX_BULK_ROWS) {
      throw Problems.validation("body", "must have at most " + MAX_BULK_ROWS + " rows");
    }
    Rows<T> rows = new Rows<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (!element.isObject()) {
        rows.rejected.add(new RejectedRow(i, "", "must be a JSON object"));
        continue;
      }
      JsonFields f = JsonFields.of(element);
      T row = parser.apply(f);
      if (row == null) {
        for (FieldError v : f.violations()) {
          rows.rejected.add(new RejectedRow(i, v.field(), v.reason()));
        }
      } else {
        rows.valid.add(row);
        rows.validIndexes.add(i);
      }
    }
    return rows;
  }

  /** Last row wins for a repeated id, as sequential upserts would. */
  private static <T> List<T> dedupe(List<T> rows, Function<T, String> id) {
    Map<String, T> byId = new LinkedHashMap<>();
    for (T row : rows) {
      byId.put(id.apply(row), row);
    }
    return new ArrayList<>(byId.values());
  }
}
