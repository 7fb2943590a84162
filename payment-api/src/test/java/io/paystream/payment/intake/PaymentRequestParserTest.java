package io.paystream.payment.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.contracts.event.Channel;
import io.paystream.platform.problem.FieldError;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PaymentRequestParserTest {

  static final Instant NOW = Instant.parse("2026-11-21T06:00:00Z");
  static final JsonMapper JSON = JsonMapper.builder().build();

  final PaymentRequestParser parser =
      new PaymentRequestParser(
          Clock.fixed(NOW, ZoneOffset.UTC),
          Duration.ofMinutes(5),
          Duration.ofHours(1),
          new BigDecimal("10000"),
          Map.of("KRW", new BigDecimal("10000000")));

  static ObjectNode valid() {
    return (ObjectNode)
        JSON.readTree(
            """
            {"card": {"pan": "4242424242424242"}, "amount": "23.50", "currency": "USD",
             "merchantId": "m_5812_0913", "terminalId": "T-0001", "channel": "POS",
             "occurredAt": "2026-11-21T00:35:00-05:00",
             "location": {"lat": 40.758, "lon": -73.9855, "accuracyKm": 0.05}}
            """);
  }

  @Test
  void acceptsTheDocumentedExampleInMinorUnits() {
    PaymentRequestParser.Result result = parser.parse(valid());

    assertThat(result.violations()).isEmpty();
    PaymentCommand cmd = result.command();
    assertThat(cmd.amountMinor()).isEqualTo(2350);
    assertThat(cmd.currency().getCurrencyCode()).isEqualTo("USD");
    assertThat(cmd.channel()).isEqualTo(Channel.POS);
    assertThat(cmd.pan().lastFour()).isEqualTo("4242");
    assertThat(cmd.occurredAt().getOffset()).isEqualTo(ZoneOffset.ofHours(-5));
    assertThat(cmd.location().accuracyKm()).isEqualTo(0.05);
  }

  @Test
  void acceptsACardTokenInsteadOfAPan() {
    ObjectNode body = valid();
    body.putObject("card").put("token", "k1_" + "A".repeat(43));

    PaymentCommand cmd = parser.parse(body).command();

    assertThat(cmd.pan()).isNull();
    assertThat(cmd.cardToken()).isEqualTo("k1_" + "A".repeat(43));
  }

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of("card", null, "card", "is required"),
        Arguments.of("card", "{}", "card.", "must have exactly one of pan or token"),
        Arguments.of("card", "{\"pan\":\"4242424242424241\"}", "card.pan", "fails the Luhn check"),
        Arguments.of("card", "{\"pan\":\"4539\"}", "card.pan", "must have 12 to 19 digits"),
        Arguments.of("card", "{\"token\":\"nope\"}", "card.token", "is not a card token"),
        Arguments.of("card", "\"4242424242424242\"", "card", "must be an object"),
        Arguments.of("amount", null, "amount", "is required"),
        Arguments.of("amount", "23.5", "amount", "must be a string"),
        Arguments.of("amount", "\"abc\"", "amount", "must be a decimal string such as \"23.50\""),
        Arguments.of("amount", "\"0\"", "amount", "must be greater than zero"),
        Arguments.of("amount", "\"-1.00\"", "amount", "must be greater than zero"),
        Arguments.of("amount", "\"23.505\"", "amount", "has more than 2 decimal places for USD"),
        Arguments.of("amount", "\"10000.01\"", "amount", "exceeds the limit of 10000 USD"),
        Arguments.of("currency", "\"ZZZ\"", "currency", "is not an accepted ISO 4217 currency"),
        Arguments.of("currency", "\"USN\"", "currency", "is not an accepted ISO 4217 currency"),
        Arguments.of("currency", "\"USS\"", "currency", "is not an accepted ISO 4217 currency"),
        Arguments.of("currency", "\"XTS\"", "currency", "is not an accepted ISO 4217 currency"),
        Arguments.of("currency", "\"XAU\"", "currency", "is not an accepted ISO 4217 currency"),
        Arguments.of("currency", "\"DEM\"", "currency", "is not an accepted ISO 4217 currency"),
        Arguments.of("currency", null, "currency", "is required"),
        Arguments.of("merchantId", null, "merchantId", "is required"),
        Arguments.of("merchantId", "\"  \"", "merchantId", "must not be blank"),
        Arguments.of("terminalId", "7", "terminalId", "must be a string"),
        Arguments.of("channel", "\"ATM\"", "channel", "must be one of POS, APP, ONLINE"),
        Arguments.of(
            "occurredAt",
            "\"2026-11-21T00:35:00\"",
            "occurredAt",
            "must be an ISO 8601 date-time with offset"),
        Arguments.of(
            "occurredAt",
            "\"2026-11-21T07:00:00Z\"",
            "occurredAt",
            "is more than 300 s in the future"),
        Arguments.of(
            "location",
            "{\"lat\":91,\"lon\":0,\"accuracyKm\":1}",
            "location.lat",
            "must be between -90 and 90"),
        Arguments.of(
            "location",
            "{\"lat\":0,\"lon\":-180.5,\"accuracyKm\":1}",
            "location.lon",
            "must be between -180 and 180"),
        Arguments.of(
            "location",
            "{\"lat\":0,\"lon\":0,\"accuracyKm\":-1}",
            "location.accuracyKm",
            "must be between 0 and 20037.5"),
        Arguments.of(
            "location",
            "{\"lat\":0,\"lon\":0,\"accuracyKm\":" + "9".repeat(200) + "}",
            "location.accuracyKm",
            "must be between 0 and 20037.5"),
        Arguments.of(
            "location",
            "{\"lat\":" + "9".repeat(400) + ",\"lon\":0,\"accuracyKm\":1}",
            "location.lat",
            "must be a finite number"),
        Arguments.of(
            "location",
            "{\"lat\":0,\"lon\":1" + "0".repeat(350) + ".99,\"accuracyKm\":1}",
            "location.lon",
            "must be a finite number"),
        Arguments.of("location", "{\"lat\":0,\"lon\":0}", "location.accuracyKm", "is required"),
        Arguments.of(
            "terminalId", "\"T\\u0000\"", "terminalId", "must not contain control characters"),
        Arguments.of(
            "merchantId", "\"m\\u001f1\"", "merchantId", "must not contain control characters"),
        Arguments.of(
            "terminalId",
            "\"4242424242424242\"",
            "terminalId",
            "must not be a card number (send the PAN only as card.pan)"),
        Arguments.of(
            "terminalId",
            "\"5555 5555 5555 4444\"",
            "terminalId",
            "must not be a card number (send the PAN only as card.pan)"));
  }

  @Test
  void acceptsIdentifiersThatOnlyContainALuhnValidDigitRun() {
    // TabFormer's merchant numbers are signed 64-bit integers; one in ten passes Luhn
    assertThat(io.paystream.contracts.card.Luhn.isValid("4282466774399734331")).isTrue();
    ObjectNode body = valid();
    body.put("terminalId", "T-tf-m-4282466774399734331-online");

    assertThat(parser.parse(body).violations()).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1} -> {2}: {3}")
  @MethodSource("invalidBodies")
  void rejectsEachInvalidFieldWithItsPathAndReason(
      String field, String json, String path, String reason) {
    ObjectNode body = valid();
    if (json == null) {
      body.remove(field);
    } else {
      body.set(field, JSON.readTree(json));
    }

    PaymentRequestParser.Result result = parser.parse(body);

    assertThat(result.valid()).isFalse();
    assertThat(result.violations()).containsExactly(new FieldError(path, reason));
  }

  @Test
  void appliesPerCurrencyLimitsAndZeroDecimalCurrencies() {
    ObjectNode body = valid();
    body.put("currency", "KRW").put("amount", "45000");
    assertThat(parser.parse(body).command().amountMinor()).isEqualTo(45000);

    body.put("amount", "45000.5");
    assertThat(parser.parse(body).violations())
        .containsExactly(new FieldError("amount", "has more than 0 decimal places for KRW"));
  }

  @Test
  void reportsEveryViolationAtOnce() {
    JsonNode body = JSON.readTree("{\"amount\": \"x\", \"channel\": \"ATM\"}");

    assertThat(parser.parse(body).violations())
        .extracting(FieldError::field)
        .contains(
            "card", "amount", "currency", "merchantId", "terminalId", "channel", "occurredAt");
  }

  @Test
  void setsAsideAnOccurredAtOlderThanTheBoundSoThatAnAcceptedPaymentCanStillBeReplayed() {
    // given NOW = 06:00Z and a bound of 1 h
    ObjectNode body = valid();
    body.put("occurredAt", "2026-11-21T04:59:59Z");

    // when
    PaymentRequestParser.Result result = parser.parse(body);

    // then: the body is otherwise valid, the lateness is reported apart
    assertThat(result.violations()).isEmpty();
    assertThat(result.command()).isNotNull();
    assertThat(result.late())
        .isEqualTo(new FieldError("occurredAt", "is more than 3600 s in the past"));
    body.put("occurredAt", "2026-11-21T05:00:00Z");
    assertThat(parser.parse(body).late()).isNull();
  }

  @Test
  void listsALateOccurredAtWithTheOtherViolations() {
    ObjectNode body = valid();
    body.put("occurredAt", "2020-01-01T00:00:00Z").put("channel", "ATM");

    PaymentRequestParser.Result result = parser.parse(body);

    assertThat(result.valid()).isFalse();
    assertThat(result.violations())
        .containsExactlyInAnyOrder(
            new FieldError("channel", "must be one of POS, APP, ONLINE"),
            new FieldError("occurredAt", "is more than 3600 s in the past"));
  }

  @Test
  void rejectsANonObjectBody() {
    assertThat(parser.parse(JSON.readTree("[1,2]")).violations())
        .containsExactly(new FieldError("body", "must be a JSON object"));
  }

  @Test
  void neverEchoesThePanInAViolation() {
    ObjectNode body = valid();
    body.putObject("card").put("pan", "4242424242424241");

    assertThat(parser.parse(body).violations().toString()).doesNotContain("424242424242424");
  }
}
