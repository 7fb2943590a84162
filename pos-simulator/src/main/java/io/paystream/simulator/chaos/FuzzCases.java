package io.paystream.simulator.chaos;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Generated requests for the gateway fuzz run ({@code make chaos SCENARIO=gateway-fuzz}): jqwik
 * arbitraries, drawn from one seed so a run can be repeated. Every case is a {@code POST
 * /v1/payments} (or a {@code GET /v1/payments/{id}} with a generated id) built from a valid payment
 * body and then broken in one way of its {@link #CATEGORIES}: wrong JSON types, huge numbers, deep
 * nesting, invalid UTF-8, duplicate keys, malformed JSON, odd strings, oversize bodies (over the
 * gateway's 1 MB limit), generated headers ({@code Content-Type}, {@code Idempotency-Key}, {@code
 * Authorization}, {@code Accept}, {@code Prefer}, oversized and repeated headers) and generated
 * path ids. About one case in six is sent with chunked transfer encoding.
 */
public final class FuzzCases {

  /** What a case breaks. */
  public static final List<String> CATEGORIES =
      List.of(
          "wrong-type",
          "huge-number",
          "deep-nesting",
          "invalid-utf8",
          "duplicate-key",
          "malformed-json",
          "odd-string",
          "oversize",
          "header",
          "path");

  /**
   * One request.
   *
   * @param category one of {@link #CATEGORIES}
   * @param description what was broken (no PAN in it)
   * @param method {@code POST} or {@code GET}
   * @param path the request path, already encoded
   * @param headers header name/value pairs in order (a name may repeat); {@code Authorization} is
   *     added with a valid terminal token unless {@code withToken} is false
   * @param body makes the body bytes ({@code GET}: empty); built when sent, so 10,000 cases with
   *     bodies of megabytes do not sit in memory together
   * @param chunked send with {@code Transfer-Encoding: chunked} instead of a length
   * @param withToken add the terminal's bearer token
   */
  public record FuzzCase(
      String category,
      String description,
      String method,
      String path,
      List<Map.Entry<String, String>> headers,
      java.util.function.Supplier<byte[]> body,
      boolean chunked,
      boolean withToken) {

    /** The {@code Idempotency-Key} placeholder a sender replaces with a unique number. */
    public static final String SEQUENCE = "{n}";
  }

  /** The fields of a payment body that are broken one at a time. */
  static final List<String> FIELDS =
      List.of(
          "card",
          "card.pan",
          "amount",
          "currency",
          "merchantId",
          "terminalId",
          "channel",
          "occurredAt",
          "location",
          "location.lat",
          "location.lon",
          "location.accuracyKm");

  private final String merchantId;
  private final String pan;

  /** Stands for the sending terminal's merchant in the bodies; the sender puts the real one in. */
  public static final String MERCHANT = "{merchant}";

  /**
   * @param merchantId the merchant site in the bodies: a registered one, or {@link #MERCHANT} for
   *     the sending terminal's own (bodies that survive the breakage are then real payments)
   * @param pan a registered card's PAN
   */
  public FuzzCases(String merchantId, String pan) {
    this.merchantId = merchantId;
    this.pan = pan;
  }

  /** {@code count} cases from {@code seed}, the categories mixed evenly. */
  public List<FuzzCase> generate(int count, long seed) {
    List<FuzzCase> out = new ArrayList<>(count);
    // arbitraries need a jqwik session outside a property (a plain main or test thread)
    JqwikSession.run(
        Long.toString(seed),
        () -> {
          RandomGenerator<FuzzCase> generator = all().generator(1000);
          Random random = new Random(seed);
          for (int i = 0; i < count; i++) {
            out.add(generator.next(random).value());
          }
        });
    return out;
  }

  /** Every category, equally likely. */
  Arbitrary<FuzzCase> all() {
    return Arbitraries.oneOf(
        List.of(
            wrongType(),
            hugeNumber(),
            deepNesting(),
            invalidUtf8(),
            duplicateKey(),
            malformedJson(),
            oddString(),
            oversize(),
            header(),
            path()));
  }

  // ------------------------------------------------------------------------------------------
  // bodies

  /** A valid payment body as ordered JSON fragments (field → raw JSON value). */
  Map<String, String> validFields(String key) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("card", "{\"pan\":\"" + pan + "\"}");
    f.put("amount", "\"12.34\"");
    f.put("currency", "\"USD\"");
    f.put("merchantId", "\"" + merchantId + "\"");
    f.put("terminalId", "\"T-" + merchantId + "\"");
    f.put("channel", "\"POS\"");
    f.put("occurredAt", "\"2026-01-15T12:00:00Z\"");
    f.put("location", "{\"lat\":40.7,\"lon\":-74.0,\"accuracyKm\":1.0}");
    return f;
  }

  static String json(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder("{");
    fields.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append(',');
          }
          sb.append('"').append(k).append("\":").append(v);
        });
    return sb.append('}').toString();
  }

  /** Sets a (possibly nested, {@code a.b}) field of a valid body to a raw JSON value. */
  String withField(String field, String rawValue) {
    Map<String, String> f = validFields("");
    if (field.startsWith("card.")) {
      f.put("card", "{\"pan\":" + rawValue + "}");
    } else if (field.startsWith("location.")) {
      String sub = field.substring("location.".length());
      Map<String, String> loc = new LinkedHashMap<>();
      loc.put("lat", "40.7");
      loc.put("lon", "-74.0");
      loc.put("accuracyKm", "1.0");
      loc.put(sub, rawValue);
      f.put("location", json(loc));
    } else {
      f.put(field, rawValue);
    }
    return json(f);
  }

  private static Arbitrary<String> jsonValueOfAnotherType() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.integers().map(Object::toString),
            Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0.5"),
            Arbitraries.of("true", "false", "null", "[]", "{}", "[1,2,3]", "{\"a\":\"b\"}"),
            Arbitraries.strings().ofMaxLength(20).map(FuzzCases::quote)));
  }

  Arbitrary<FuzzCase> wrongType() {
    return Arbitraries.of(FIELDS)
        .flatMap(
            field ->
                jsonValueOfAnotherType()
                    .map(v -> post("wrong-type", field + " = " + clip(v), withField(field, v))));
  }

  Arbitrary<FuzzCase> hugeNumber() {
    Arbitrary<String> huge =
        Arbitraries.oneOf(
            List.of(
                Arbitraries.of(
                    "1e309",
                    "-1e309",
                    "1e-400",
                    "-0",
                    "1E+2147483648",
                    "0.000000000000000000000000000001",
                    "9223372036854775808",
                    "-9223372036854775809",
                    "179769313486231570000000000000000000000000000000000000000000000000000000000000"
                        + "000000000000000000000000000000000000000000000000000000000000000000000000000"),
                Arbitraries.integers().between(20, 5000).map(n -> "9".repeat(n)),
                Arbitraries.integers().between(20, 400).map(n -> "1" + "0".repeat(n) + ".99")));
    Arbitrary<String> field =
        Arbitraries.of(
            "amount", "amount-string", "location.lat", "location.lon", "location.accuracyKm");
    return field.flatMap(
        f ->
            huge.map(
                n ->
                    post(
                        "huge-number",
                        f + " = " + clip(n),
                        f.equals("amount-string")
                            ? withField("amount", "\"" + n + "\"")
                            : withField(f, n))));
  }

  Arbitrary<FuzzCase> deepNesting() {
    return Arbitraries.integers()
        .between(50, 50_000)
        .flatMap(
            depth ->
                Arbitraries.of("array-top", "object-top", "array-in-card", "object-in-location")
                    .map(
                        where ->
                            post(
                                "deep-nesting",
                                where + " depth " + depth,
                                () -> {
                                  String inner =
                                      where.startsWith("array")
                                          ? "[".repeat(depth) + "]".repeat(depth)
                                          : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
                                  return switch (where) {
                                    case "array-top", "object-top" -> inner;
                                    case "array-in-card" -> withField("card.pan", inner);
                                    default -> withField("location.lat", inner);
                                  };
                                })));
  }

  Arbitrary<FuzzCase> invalidUtf8() {
    List<byte[]> bad =
        List.of(
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xFE, (byte) 0xFF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xC0, (byte) 0x80},
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
    return Arbitraries.of("merchantId", "currency", "terminalId", "key", "card.pan")
        .flatMap(
            field ->
                Arbitraries.integers()
                    .between(0, bad.size() - 1)
                    .map(
                        i -> {
                          String marker = "\u0001MARK\u0001";
                          String body =
                              field.equals("key")
                                  ? json(validFields(""))
                                      .replace("\"channel\"", "\"ch" + marker + "\"")
                                  : withField(field, "\"x" + marker + "y\"");
                          byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
                          byte[] m = marker.getBytes(StandardCharsets.UTF_8);
                          return post(
                              "invalid-utf8",
                              field + " with bytes #" + i,
                              replace(utf8, m, bad.get(i)));
                        }));
  }

  Arbitrary<FuzzCase> duplicateKey() {
    return Arbitraries.of(
            "amount", "currency", "card", "merchantId", "channel", "card.pan", "location.lat")
        .flatMap(
            field ->
                jsonValueOfAnotherType()
                    .injectNull(0.3)
                    .map(
                        other -> {
                          String second = other == null ? "\"99.99\"" : other;
                          String body;
                          if (field.equals("card.pan")) {
                            body = withField("card.pan", "\"" + pan + "\",\"pan\":" + second);
                          } else if (field.equals("location.lat")) {
                            body = withField("location.lat", "40.7,\"lat\":" + second);
                          } else {
                            String valid = json(validFields(""));
                            body =
                                valid.substring(0, valid.length() - 1)
                                    + ",\""
                                    + field
                                    + "\":"
                                    + second
                                    + "}";
                          }
                          return post("duplicate-key", field + " twice", body);
                        }));
  }

  Arbitrary<FuzzCase> malformedJson() {
    String valid = json(validFields(""));
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.integers()
                .between(0, valid.length() - 1)
                .map(n -> post("malformed-json", "truncated at " + n, valid.substring(0, n))),
            Arbitraries.of(
                    "",
                    "null",
                    "[]",
                    "\"payment\"",
                    "42",
                    "{",
                    "}",
                    "{\"amount\":}",
                    "{'amount':'1.00'}",
                    "{\"amount\":\"1.00\",}",
                    "\uFEFF" + valid,
                    valid + "garbage",
                    valid + valid,
                    "/* c */" + valid,
                    valid.replace(":", " : // c\n"),
                    valid.replace("\"USD\"", "USD"),
                    valid.replace("12.34", "12.34\u0000"))
                .map(b -> post("malformed-json", "literal " + clip(b), b))));
  }

  Arbitrary<FuzzCase> oddString() {
    Arbitrary<String> odd =
        Arbitraries.oneOf(
            List.of(
                Arbitraries.strings().all().ofMinLength(0).ofMaxLength(64),
                Arbitraries.strings()
                    .withCharRange('\u0000', '\u001f')
                    .ofMinLength(1)
                    .ofMaxLength(8),
                Arbitraries.of(
                    "\uD83D\uDCB3",
                    "\u202E",
                    "\u0000",
                    "%00",
                    "../../etc/passwd",
                    "' OR 1=1 --",
                    "${jndi:ldap://x}",
                    "<script>"),
                Arbitraries.integers().between(1_000, 200_000).map("a"::repeat),
                Arbitraries.strings().numeric().ofMinLength(12).ofMaxLength(19)));
    return Arbitraries.of(
            "card.pan", "amount", "currency", "merchantId", "terminalId", "channel", "occurredAt")
        .flatMap(
            field ->
                odd.map(
                    v ->
                        post(
                            "odd-string",
                            field + " = string of " + v.length(),
                            () -> withField(field, quote(v)))));
  }

  Arbitrary<FuzzCase> oversize() {
    return Arbitraries.integers()
        .between(1_050_000, 3_000_000)
        .flatMap(
            size ->
                Arbitraries.of("padding-field", "whitespace", "long-merchant")
                    .map(
                        how ->
                            post(
                                "oversize",
                                how + " " + size + " bytes",
                                () ->
                                    switch (how) {
                                      case "padding-field" ->
                                          withField("terminalId", quote("p".repeat(size)));
                                      case "whitespace" -> " ".repeat(size) + json(validFields(""));
                                      default -> withField("merchantId", quote("m".repeat(size)));
                                    })));
  }

  Arbitrary<FuzzCase> header() {
    String valid = json(validFields(""));
    Arbitrary<List<Map.Entry<String, String>>> headers =
        Arbitraries.oneOf(
            List.of(
                Arbitraries.of(
                        "text/plain",
                        "application/xml",
                        "application/json; charset=ISO-8859-1",
                        "application/json; charset=UTF-16",
                        "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded",
                        "application/json;;;",
                        "*/*",
                        "",
                        "application/problem+json")
                    .map(ct -> List.of(Map.entry("Content-Type", ct), key("ct"))),
                Arbitraries.of(
                        "",
                        " ",
                        "k".repeat(300),
                        "k".repeat(10_000),
                        "\u00e9t\u00e9",
                        "key with spaces",
                        "4111111111111111")
                    .map(k -> List.of(json(), Map.entry("Idempotency-Key", k))),
                Arbitraries.just(List.of(json())).map(h -> h),
                Arbitraries.strings()
                    .alpha()
                    .ofMinLength(1)
                    .ofMaxLength(20)
                    .map(
                        k ->
                            List.of(
                                json(),
                                Map.entry("Idempotency-Key", "dup-a-" + k),
                                Map.entry("Idempotency-Key", "dup-b-" + k))),
                Arbitraries.of(
                        "application/xml", "text/html", "image/png", "*/*", "application/json;q=0")
                    .map(a -> List.of(json(), key("acc"), Map.entry("Accept", a))),
                Arbitraries.of(
                        "wait=abc",
                        "wait=-5",
                        "wait=99999999999999999999",
                        "wait=",
                        "respond-async, wait=3")
                    .map(p -> List.of(json(), key("prefer"), Map.entry("Prefer", p))),
                Arbitraries.integers()
                    .between(8_000, 70_000)
                    .map(n -> List.of(json(), key("big"), Map.entry("X-Fuzz", "h".repeat(n))))));
    Arbitrary<FuzzCase> withToken =
        headers.map(
            h ->
                new FuzzCase(
                    "header",
                    describe(h),
                    "POST",
                    "/v1/payments",
                    h,
                    () -> valid.getBytes(StandardCharsets.UTF_8),
                    false,
                    true));
    Arbitrary<FuzzCase> badAuth =
        Arbitraries.of(
                "",
                "Bearer",
                "Bearer ",
                "Bearer garbage",
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
                "Basic Zm9vOmJhcg==",
                "Bearer " + "x".repeat(20_000))
            .map(
                a ->
                    new FuzzCase(
                        "header",
                        "Authorization " + clip(a),
                        "POST",
                        "/v1/payments",
                        a.isEmpty()
                            ? List.of(json(), key("noauth"))
                            : List.of(json(), key("auth"), Map.entry("Authorization", a)),
                        () -> valid.getBytes(StandardCharsets.UTF_8),
                        false,
                        false));
    return Arbitraries.frequencyOf(Tuple.of(3, withToken), Tuple.of(1, badAuth));
  }

  Arbitrary<FuzzCase> path() {
    Arbitrary<String> id =
        Arbitraries.oneOf(
            List.of(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().numeric().ofMinLength(12).ofMaxLength(19),
                Arbitraries.integers().between(100, 20_000).map("0"::repeat),
                Arbitraries.of(
                    "00000000-0000-0000-0000-000000000000",
                    "ffffffff-ffff-ffff-ffff-ffffffffffff",
                    "..",
                    "%2e%2e",
                    "%00",
                    "%ZZ")));
    return id.map(
        raw -> {
          String encoded =
              raw.startsWith("%")
                  ? raw
                  : java.net.URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
          return new FuzzCase(
              "path",
              "GET /v1/payments/<" + raw.length() + " chars>",
              "GET",
              "/v1/payments/" + encoded,
              List.of(Map.entry("Accept", "application/json")),
              () -> new byte[0],
              false,
              true);
        });
  }

  // ------------------------------------------------------------------------------------------

  private static Map.Entry<String, String> json() {
    return Map.entry("Content-Type", "application/json");
  }

  private static Map.Entry<String, String> key(String kind) {
    return Map.entry("Idempotency-Key", "fuzz-" + kind + "-" + FuzzCase.SEQUENCE);
  }

  private static FuzzCase post(String category, String description, String body) {
    return post(category, description, body.getBytes(StandardCharsets.UTF_8));
  }

  private static FuzzCase post(
      String category, String description, java.util.function.Supplier<String> body) {
    return post(category, description, () -> body.get().getBytes(StandardCharsets.UTF_8), 0);
  }

  private static FuzzCase post(String category, String description, byte[] body) {
    return post(category, description, () -> body, java.util.Arrays.hashCode(body));
  }

  private static FuzzCase post(
      String category, String description, java.util.function.Supplier<byte[]> body, int salt) {
    // one case in six is sent chunked; the choice follows the case, so a run repeats
    boolean chunked = Math.floorMod(description.hashCode() * 31 + salt, 6) == 0;
    return new FuzzCase(
        category,
        description,
        "POST",
        "/v1/payments",
        List.of(json(), key(category)),
        body,
        chunked,
        true);
  }

  private static String describe(List<Map.Entry<String, String>> headers) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> h : headers) {
      sb.append(sb.isEmpty() ? "" : "; ")
          .append(h.getKey())
          .append(": ")
          .append(clip(h.getValue()));
    }
    return sb.toString();
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** At most 40 characters, digit runs of 12+ masked (a description never carries a PAN). */
  static String clip(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
    return t.replaceAll("\\d{12,}", "<digits>");
  }

  /** {@code text} with every {@code marker} replaced by {@code with}. */
  static byte[] replace(byte[] text, byte[] marker, byte[] with) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length; ) {
      if (i + marker.length <= text.length
          && java.util.Arrays.equals(text, i, i + marker.length, marker, 0, marker.length)) {
        out.writeBytes(with);
        i += marker.length;
      } else {
        out.write(text[i++]);
      }
    }
    return out.toByteArray();
  }
}
