package io.paystream.payment.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Property: whatever JSON arrives, the parser answers with a command xor violations, never throws.
 */
class PaymentRequestParserPropertyTest {

  static final JsonMapper JSON = JsonMapper.builder().build();

  final PaymentRequestParser parser =
      new PaymentRequestParser(
          Clock.systemUTC(),
          Duration.ofMinutes(5),
          Duration.ofHours(1),
          new BigDecimal("1000000"),
          Map.of());

  @Property(tries = 500)
  void anyObjectYieldsACommandOrViolationsButNeverAnException(@ForAll("bodies") JsonNode body) {
    PaymentRequestParser.Result result = parser.parse(body);

    assertThat(result.valid()).isEqualTo(result.violations().isEmpty());
    assertThat(result.valid()).isEqualTo(result.command() != null);
    if (!result.valid()) {
      assertThat(result.violations())
          .allSatisfy(v -> assertThat(v.field()).isNotBlank())
          .allSatisfy(v -> assertThat(v.reason()).isNotBlank());
    }
  }

  @Provide
  Arbitrary<JsonNode> bodies() {
    Arbitrary<JsonNode> anyValue =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .ofMaxLength(30)
                .map(s -> (JsonNode) JSON.getNodeFactory().stringNode(s)),
            Arbitraries.doubles().map(d -> (JsonNode) JSON.getNodeFactory().numberNode(d)),
            Arbitraries.longs().map(l -> (JsonNode) JSON.getNodeFactory().numberNode(l)),
            Arbitraries.just((JsonNode) JSON.getNodeFactory().nullNode()),
            Arbitraries.just((JsonNode) JSON.getNodeFactory().objectNode()),
            Arbitraries.just((JsonNode) JSON.getNodeFactory().arrayNode()),
            Arbitraries.of(
                    "4242424242424242",
                    "4242424242424241",
                    "23.50",
                    "-1",
                    "1e9",
                    "USD",
                    "KRW",
                    "POS",
                    "2026-11-21T00:35:00-05:00",
                    "9999-01-01T00:00:00Z",
                    "")
                .map(s -> (JsonNode) JSON.getNodeFactory().stringNode(s)));
    Arbitrary<String> fieldNames =
        Arbitraries.of(
            "card",
            "amount",
            "currency",
            "merchantId",
            "terminalId",
            "channel",
            "occurredAt",
            "location",
            "pan",
            "token",
            "lat",
            "lon",
            "accuracyKm",
            "cvv");
    Arbitrary<JsonNode> flat =
        Combinators.combine(fieldNames.list().ofMaxSize(10), anyValue.list().ofSize(10))
            .as(
                (names, values) -> {
                  ObjectNode node = JSON.createObjectNode();
                  for (int i = 0; i < names.size(); i++) {
                    node.set(names.get(i), values.get(i));
                  }
                  return (JsonNode) node;
                });
    Arbitrary<JsonNode> nested =
        Combinators.combine(flat, flat, flat)
            .as(
                (top, card, location) -> {
                  ObjectNode node = ((ObjectNode) top).deepCopy();
                  if (node.has("card")) {
                    node.set("card", card);
                  }
                  if (node.has("location")) {
                    node.set("location", location);
                  }
                  return (JsonNode) node;
                });
    return Arbitraries.oneOf(flat, nested, anyValue);
  }
}
