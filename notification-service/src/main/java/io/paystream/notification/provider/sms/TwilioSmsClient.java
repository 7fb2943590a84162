package io.paystream.notification.provider.sms;

import io.paystream.contracts.event.NotificationChannel;
import io.paystream.notification.provider.HttpErrors;
import io.paystream.notification.provider.NotificationProvider;
import io.paystream.notification.template.RenderedMessage;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * SMS through a Twilio-compatible Messages API: {@code POST
 * {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json}, form fields {@code To}, {@code From},
 * {@code Body}, HTTP Basic {@code AccountSid:AuthToken}; {@code 201 {"sid": "SM…", ...}}. A 4xx
 * whose Twilio error {@code code} names a bad destination (21211 invalid 'To', 21614 not a mobile
 * number, 21610 unsubscribed, …) is reported as {@code invalid-recipient}.
 */
public final class TwilioSmsClient implements NotificationProvider {

  /** Twilio error codes that mean the destination number itself is unusable. */
  static final Set<Integer> INVALID_RECIPIENT_CODES =
      Set.of(21211, 21214, 21217, 21401, 21407, 21408, 21421, 21604, 21610, 21612, 21614);

  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*(\\d+)");

  private final WebClient client;
  private final SmsProperties properties;

  public TwilioSmsClient(WebClient.Builder builder, SmsProperties properties) {
    this.properties = properties;
    this.client =
        builder
            .baseUrl(properties.baseUrl().toString())
            .defaultHeaders(h -> h.setBasicAuth(properties.accountSid(), properties.authToken()))
            .build();
  }

  @Override
  public NotificationChannel channel() {
    return NotificationChannel.SMS;
  }

  @Override
  public Mono<String> send(String recipient, RenderedMessage message) {
    return client
        .post()
        .uri("/2010-04-01/Accounts/{accountSid}/Messages.json", properties.accountSid())
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .accept(MediaType.APPLICATION_JSON)
        .body(
            BodyInserters.fromFormData("To", recipient)
                .with("From", properties.from())
                .with("Body", message.text()))
        .retrieve()
        .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {})
        .map(body -> String.valueOf(body.get("sid")))
        .onErrorMap(e -> HttpErrors.classify("sms", e, TwilioSmsClient::namesInvalidRecipient));
  }

  static boolean namesInvalidRecipient(String body) {
    Matcher m = CODE.matcher(body == null ? "" : body);
    return m.find() && INVALID_RECIPIENT_CODES.contains(Integer.parseInt(m.group(1)));
  }
}
