package io.paystream.notification.provider.push;

import io.paystream.contracts.event.NotificationChannel;
import io.paystream.notification.provider.HttpErrors;
import io.paystream.notification.provider.NotificationProvider;
import io.paystream.notification.template.RenderedMessage;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Push through FCM HTTP v1: {@code POST {baseUrl}/v1/projects/{project}/messages:send} with {@code
 * Authorization: Bearer <token>} (from {@link FcmAccessTokens}) and {@code {"message": {"token",
 * "notification": {"title", "body"}, "data": {"template"}}}}; {@code 200 {"name":
 * "projects/…/messages/…"}}. A 404 or an {@code UNREGISTERED}/{@code INVALID_ARGUMENT} error is an
 * invalid registration token.
 */
public final class FcmPushClient implements NotificationProvider {

  private final WebClient client;
  private final PushProperties properties;
  private final FcmAccessTokens tokens;

  /**
   * @param builder the web client builder (a clone: base URL set here)
   * @param properties base URL and project
   * @param tokens the bearer of each call ({@link ServiceAccountAccessTokens} in production)
   */
  public FcmPushClient(
      WebClient.Builder builder, PushProperties properties, FcmAccessTokens tokens) {
    this.properties = properties;
    this.tokens = tokens;
    this.client = builder.baseUrl(properties.baseUrl().toString()).build();
  }

  @Override
  public NotificationChannel channel() {
    return NotificationChannel.PUSH;
  }

  @Override
  public Mono<String> send(String recipient, RenderedMessage message) {
    Map<String, Object> body =
        Map.of(
            "message",
            Map.of(
                "token",
                recipient,
                "notification",
                Map.of("title", message.subject(), "body", message.text()),
                "data",
                Map.of("template", message.templateId())));
    return tokens.token().flatMap(token -> post(token, body));
  }

  private Mono<String> post(String token, Map<String, Object> body) {
    return client
        .post()
        .uri("/v1/projects/{project}/messages:send", properties.project())
        .headers(h -> h.setBearerAuth(token))
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .retrieve()
        .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {})
        .map(response -> String.valueOf(response.get("name")))
        .onErrorMap(e -> HttpErrors.classify("push", e, FcmPushClient::namesInvalidToken));
  }

  static boolean namesInvalidToken(String body) {
    return body != null && (body.contains("UNREGISTERED") || body.contains("INVALID_ARGUMENT"));
  }
}
