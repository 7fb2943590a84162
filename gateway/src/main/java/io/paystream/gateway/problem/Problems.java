package io.paystream.gateway.problem;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 {@code application/problem+json} bodies from filters that answer before any
 * controller runs (security, rate limit, body limit). Types are the stable URIs of docs/api.md.
 */
public final class Problems {

  /** Base of every problem {@code type}. */
  public static final String TYPE_BASE = "https://paystream.io/problems/";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Problems() {}

  /** The {@code type} URI for a problem name, e.g. {@code rate-limited}. */
  public static URI type(String name) {
    return URI.create(TYPE_BASE + name);
  }

  /**
   * Sets status and content type and writes the problem; headers set before on {@code response} are
   * kept.
   *
   * @param name the last segment of the type URI
   */
  public static Mono<Void> write(
      ServerHttpResponse response, HttpStatus status, String name, String title, String detail) {
    if (response.isCommitted()) {
      return Mono.empty();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type(name).toString());
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setContentLength(bytes.length);
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}
