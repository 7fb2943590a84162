package io.paystream.payment.support;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP calls to the payment-api under test: bearer token, optional {@code Idempotency-Key}. */
public final class ApiClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebClient http;

  /** A client for {@code http://127.0.0.1:<port>}. */
  public ApiClient(String port) {
    this.http = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
  }

  /** An answer: status, headers, body text. */
  public record Response(int status, HttpHeaders headers, String body) {

    /** The body as JSON. */
    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** Sends a JSON {@code body} (no key when {@code key} is null); not subscribed yet. */
  public Mono<Response> send(
      HttpMethod method, String path, String token, String body, String key) {
    return http.method(method)
        .uri(path)
        .headers(
            h -> {
              h.setBearerAuth(token);
              if (key != null) {
                h.set("Idempotency-Key", key);
              }
            })
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchangeToMono(
            r ->
                r.bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(
                        b -> new Response(r.statusCode().value(), r.headers().asHttpHeaders(), b)));
  }

  /** {@link #send}, waiting at most 30 s for the answer. */
  public Response call(HttpMethod method, String path, String token, String body, String key) {
    return send(method, path, token, body, key).block(Duration.ofSeconds(30));
  }
}
