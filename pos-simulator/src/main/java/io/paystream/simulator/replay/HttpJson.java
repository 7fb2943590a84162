package io.paystream.simulator.replay;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shared async HTTP client (JDK {@link HttpClient}, HTTP/1.1) and JSON mapper. */
public final class HttpJson {

  /** JSON mapper (Jackson 3). */
  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client;
  private final Duration requestTimeout;

  /**
   * @param requestTimeout per-request timeout; a timed-out payment is retried with its key
   */
  public HttpJson(Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.requestTimeout = requestTimeout;
  }

  /** The per-request timeout. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** A request builder with the timeout set. */
  public HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(requestTimeout);
  }

  /** Sends asynchronously, body as a string. */
  public CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON request body. */
  public static HttpRequest.BodyPublisher json(Object body) {
    return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
  }

  /** An {@code application/x-www-form-urlencoded} body in the map's iteration order. */
  public static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** HTTP Basic credentials (RFC 7617) with form-encoded id and secret as OAuth 2 requires. */
  public static String basic(String user, String password) {
    String pair =
        URLEncoder.encode(user, StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a body as JSON; an empty or non-JSON body gives a missing node. */
  public static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body);
    } catch (RuntimeException e) {
      return JSON.missingNode();
    }
  }

  /** The problem {@code type} of an RFC 9457 body, else {@code http-<status>}. */
  public static String problemType(HttpResponse<String> response) {
    String type = parse(response.body()).path("type").asString("");
    return type.isEmpty() || type.equals("about:blank") ? "http-" + response.statusCode() : type;
  }
}
