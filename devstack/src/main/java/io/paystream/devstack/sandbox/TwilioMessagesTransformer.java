package io.paystream.devstack.sandbox;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.FormParameter;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The behaviour behind the SMS sandbox's two WireMock stubs (docs/api.md):
 *
 * <ul>
 *   <li>{@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, form {@code To}, {@code
 *       From}, {@code Body}, HTTP Basic {@code AccountSid:authToken} → {@code 201} with the Twilio
 *       message resource ({@code sid}, {@code status: queued}, ...); a wrong account or token →
 *       {@code 401} Twilio error 20003; a missing {@code To}/{@code From}/{@code Body} → {@code
 *       400} Twilio error 21604/21603/21602.
 *   <li>{@code GET /sandbox/messages?to=&since=} → every recorded message, oldest first.
 * </ul>
 */
public final class TwilioMessagesTransformer implements ResponseDefinitionTransformerV2 {

  /** The transformer name the stubs refer to. */
  public static final String NAME = "paystream-sms-sandbox";

  private static final Pattern MESSAGES_PATH =
      Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$");
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final SmsStore store;
  private final String accountSid;
  private final String authToken;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final JsonMapper json = JsonMapper.builder().build();

  public TwilioMessagesTransformer(
      SmsStore store, String accountSid, String authToken, Clock clock) {
    this.store = store;
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.clock = clock;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    String path = request.getUrl().split("\\?", 2)[0];
    Matcher m = MESSAGES_PATH.matcher(path);
    if (m.matches()) {
      return send(request, m.group(1));
    }
    return list(request);
  }

  private ResponseDefinition send(Request request, String pathAccount) {
    if (!pathAccount.equals(accountSid) || !authorized(request.getHeader("Authorization"))) {
      return error(401, 20003, "Authenticate");
    }
    Map<String, FormParameter> form = request.formParameters();
    String to = formValue(form, "To");
    String from = formValue(form, "From");
    String body = formValue(form, "Body");
    if (to == null) {
      return error(400, 21604, "A 'To' phone number is required.");
    }
    if (from == null) {
      return error(400, 21603, "A 'From' phone number is required.");
    }
    if (body == null) {
      return error(400, 21602, "Message body is required.");
    }
    Instant now = clock.instant();
    byte[] id = new byte[16];
    random.nextBytes(id);
    SmsMessage message =
        new SmsMessage("SM" + HexFormat.of().formatHex(id), accountSid, to, from, body, now);
    store.add(message);
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("sid", message.sid());
    resource.put("account_sid", accountSid);
    resource.put("to", to);
    resource.put("from", from);
    resource.put("body", body);
    resource.put("status", "queued");
    resource.put("direction", "outbound-api");
    resource.put("num_segments", Integer.toString(Math.max(1, (body.length() + 152) / 153)));
    resource.put("date_created", RFC_2822.format(now));
    resource.put("date_updated", RFC_2822.format(now));
    resource.put("date_sent", null);
    resource.put("price", null);
    resource.put("error_code", null);
    resource.put("error_message", null);
    resource.put("api_version", "2010-04-01");
    resource.put(
        "uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + message.sid() + ".json");
    return jsonResponse(201, resource);
  }

  private ResponseDefinition list(Request request) {
    String to = queryValue(request.queryParameter("to"));
    if (to != null && !to.startsWith("+") && to.matches("\\s*\\d+")) {
      to = "+" + to.trim(); // an unencoded '+' in a query string arrives as a space
    }
    String sinceText = queryValue(request.queryParameter("since"));
    Instant since;
    try {
      since = sinceText == null ? null : Instant.parse(sinceText);
    } catch (DateTimeParseException e) {
      return error(400, 0, "since must be an ISO-8601 instant, e.g. 2026-11-21T05:05:00Z");
    }
    List<Map<String, Object>> out =
        store.find(to, since).stream()
            .map(
                msg -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("sid", msg.sid());
                  row.put("to", msg.to());
                  row.put("from", msg.from());
                  row.put("body", msg.body());
                  row.put("receivedAt", msg.receivedAt().toString());
                  return row;
                })
            .toList();
    return jsonResponse(200, out);
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return decoded.equals(accountSid + ":" + authToken);
  }

  private ResponseDefinition error(int status, int code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
    body.put("status", status);
    return jsonResponse(status, body);
  }

  private ResponseDefinition jsonResponse(int status, Object body) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(json.writeValueAsString(body))
        .build();
  }

  private static String formValue(Map<String, FormParameter> form, String name) {
    FormParameter p = form.get(name);
    if (p == null || !p.isPresent() || p.firstValue() == null || p.firstValue().isBlank()) {
      return null;
    }
    return p.firstValue();
  }

  private static String queryValue(QueryParameter p) {
    if (p == null || !p.isPresent() || p.firstValue() == null || p.firstValue().isBlank()) {
      return null;
    }
    return p.firstValue();
  }
}
