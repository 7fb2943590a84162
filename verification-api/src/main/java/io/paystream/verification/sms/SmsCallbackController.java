package io.paystream.verification.sms;

import io.paystream.verification.challenge.ChallengeService;
import io.paystream.verification.config.VerificationProperties;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The SMS provider's inbound-message webhook, {@code POST /v1/verifications/sms-callback}
 * (Twilio-compatible, form-encoded {@code MessageSid}, {@code AccountSid}, {@code From}, {@code
 * To}, {@code Body}).
 *
 * <p>Answers: {@code 200 text/xml <Response/>} (empty TwiML: replies go out through
 * notification-service) for every authentic message, including replays and messages from phones
 * without an open challenge; {@code 403} problem {@code .../invalid-signature} when the signature
 * is missing or wrong (nothing is read or written); {@code 400} problem {@code .../validation} when
 * a signed message lacks {@code MessageSid} or {@code From}.
 */
@RestController
public class SmsCallbackController {

  /** Empty TwiML document: acknowledged, nothing to send back. */
  static final String EMPTY_TWIML =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

  private static final Logger log = LoggerFactory.getLogger(SmsCallbackController.class);

  private final TwilioSignatureValidator validator;
  private final PublicUrlResolver urls;
  private final ChallengeService service;
  private final String accountSid;

  public SmsCallbackController(
      TwilioSignatureValidator validator,
      PublicUrlResolver urls,
      ChallengeService service,
      VerificationProperties properties) {
    this.validator = validator;
    this.urls = urls;
    this.service = service;
    this.accountSid = properties.sms().accountSid();
  }

  @PostMapping("/v1/verifications/sms-callback")
  @SecurityRequirements // no bearer token: the provider signs the request (X-Twilio-Signature)
  public Mono<ResponseEntity<String>> callback(ServerWebExchange exchange) {
    return exchange
        .getFormData()
        .flatMap(
            form -> {
              if (!authentic(exchange, form)) {
                return Mono.error(invalidSignature());
              }
              String sid = form.getFirst("MessageSid");
              String from = form.getFirst("From");
              if (sid == null || sid.isBlank() || from == null || from.isBlank()) {
                return Mono.error(validation("MessageSid and From are required"));
              }
              if (accountSid != null
                  && !accountSid.isBlank()
                  && !accountSid.equals(form.getFirst("AccountSid"))) {
                // signed with our token but for another account: acknowledge, do nothing
                log.warn("SMS callback {} for another account ignored", sid);
                return Mono.just(twiml());
              }
              return service
                  .answerBySms(sid, from.strip(), form.getFirst("Body"))
                  .doOnNext(o -> log.info("SMS callback {}: {}", sid, o.kind()))
                  .thenReturn(twiml());
            });
  }

  private boolean authentic(ServerWebExchange exchange, MultiValueMap<String, String> form) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    String signature = headers.getFirst(TwilioSignatureValidator.HEADER);
    if (signature == null) {
      return false;
    }
    String url;
    try {
      url =
          urls.resolve(
              exchange.getRequest().getURI(),
              exchange.getRequest().getRemoteAddress(),
              headers.getFirst("X-Forwarded-Proto"),
              headers.getFirst("X-Forwarded-Host"),
              headers.getFirst("X-Forwarded-Port"));
    } catch (IllegalArgumentException e) {
      return false; // malformed forwarded headers
    }
    boolean valid = validator.validate(url, Map.<String, List<String>>copyOf(form), signature);
    if (!valid) {
      log.warn("SMS callback with an invalid signature for {}", url);
    }
    return valid;
  }

  private static ResponseEntity<String> twiml() {
    return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
  }

  private static ErrorResponseException invalidSignature() {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.FORBIDDEN, "The request signature is missing or does not match.");
    problem.setType(URI.create("https://paystream.io/problems/invalid-signature"));
    problem.setTitle("Invalid signature");
    return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
  }

  static ErrorResponseException validation(String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setType(URI.create("https://paystream.io/problems/validation"));
    problem.setTitle("Invalid request");
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }
}
