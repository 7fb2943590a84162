package io.paystream.devstack.sandbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dev stack's provider sandboxes in one process:
 *
 * <ul>
 *   <li>SMTP (GreenMail) on {@code smtpPort}, accepting any sender and recipient, plus an HTTP
 *       read-back API on {@code mailApiPort}: {@code GET /sandbox/mails?to=&since=} → {@code [ {
 *       "messageId", "from", "to": [..], "subject", "body", "receivedAt" } ]} oldest first;
 *   <li>the Twilio-compatible SMS Messages API on a WireMock server on {@code smsPort} ({@link
 *       TwilioMessagesTransformer}).
 * </ul>
 */
public final class SandboxServer implements AutoCloseable {

  private final GreenMail greenMail;
  private final HttpServer mailApi;
  private final WireMockServer sms;
  private final SmsStore smsStore;
  private final JsonMapper json = JsonMapper.builder().build();

  private SandboxServer(
      GreenMail greenMail, HttpServer mailApi, WireMockServer sms, SmsStore smsStore) {
    this.greenMail = greenMail;
    this.mailApi = mailApi;
    this.sms = sms;
    this.smsStore = smsStore;
  }

  /** Starts the three servers on {@code host}; fails if a port is taken. */
  public static SandboxServer start(
      String host,
      int smtpPort,
      int mailApiPort,
      int smsPort,
      String smsAccountSid,
      String smsAuthToken)
      throws IOException {
    GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    HttpServer mailApi = HttpServer.create(new InetSocketAddress(host, mailApiPort), 16);
    SmsStore store = new SmsStore();
    WireMockServer sms =
        new WireMockServer(
            options()
                .bindAddress(host)
                .port(smsPort)
                .containerThreads(16)
                .extensions(
                    new TwilioMessagesTransformer(
                        store, smsAccountSid, smsAuthToken, Clock.systemUTC())));
    SandboxServer server = new SandboxServer(greenMail, mailApi, sms, store);
    mailApi.createContext("/sandbox/mails", server::handleMails);
    mailApi.createContext("/sandbox/health", server::handleHealth);
    mailApi.start();
    sms.start();
    sms.stubFor(
        post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages\\.json"))
            .willReturn(aResponse().withTransformers(TwilioMessagesTransformer.NAME)));
    sms.stubFor(
        get(urlPathEqualTo("/sandbox/messages"))
            .willReturn(aResponse().withTransformers(TwilioMessagesTransformer.NAME)));
    sms.stubFor(
        get(urlPathEqualTo("/sandbox/health"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"UP\"}")));
    return server;
  }

  /** What the SMS sandbox recorded. */
  public SmsStore smsStore() {
    return smsStore;
  }

  private void handleHealth(HttpExchange exchange) throws IOException {
    respond(exchange, 200, "{\"status\":\"UP\"}");
  }

  private void handleMails(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "{\"title\":\"method not allowed\",\"status\":405}");
      return;
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    Instant since;
    try {
      since = query.containsKey("since") ? Instant.parse(query.get("since")) : null;
    } catch (DateTimeParseException e) {
      respond(exchange, 400, "{\"title\":\"since must be an ISO-8601 instant\",\"status\":400}");
      return;
    }
    String to = query.get("to");
    List<Map<String, Object>> out = new ArrayList<>();
    List<StoredMessage> stored =
        new ArrayList<>(greenMail.getManagers().getImapHostManager().getAllMessages());
    stored.sort(Comparator.comparing(StoredMessage::getReceivedDate));
    for (StoredMessage s : stored) {
      Instant receivedAt = s.getReceivedDate().toInstant();
      if (since != null && receivedAt.isBefore(since)) {
        continue;
      }
      try {
        MimeMessage m = s.getMimeMessage();
        List<String> recipients =
            m.getAllRecipients() == null
                ? List.of()
                : Arrays.stream(m.getAllRecipients()).map(Address::toString).toList();
        if (to != null && recipients.stream().noneMatch(r -> r.contains(to))) {
          continue;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("messageId", m.getMessageID());
        row.put("from", m.getFrom() == null ? null : m.getFrom()[0].toString());
        row.put("to", recipients);
        row.put("subject", m.getSubject());
        row.put("body", GreenMailUtil.getBody(m));
        row.put("receivedAt", receivedAt.toString());
        out.add(row);
      } catch (MessagingException e) {
        throw new IOException(e);
      }
    }
    // the same mail to two recipients is stored once per mailbox: report it once
    List<Map<String, Object>> unique = new ArrayList<>();
    java.util.Set<Object> seen = new java.util.HashSet<>();
    for (Map<String, Object> row : out) {
      if (row.get("messageId") == null || seen.add(row.get("messageId"))) {
        unique.add(row);
      }
    }
    respond(exchange, 200, json.writeValueAsString(unique));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && !kv[1].isEmpty()) {
        q.put(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    sms.stop();
    mailApi.stop(0);
    greenMail.stop();
  }
}
