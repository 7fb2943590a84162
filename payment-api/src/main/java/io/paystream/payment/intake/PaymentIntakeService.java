package io.paystream.payment.intake;

import io.paystream.contracts.Event;
import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.MerchantSnapshot;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.payment.card.PanTokenizer;
import io.paystream.payment.idempotency.RequestFingerprint;
import io.paystream.payment.registry.Card;
import io.paystream.payment.registry.Merchant;
import io.paystream.payment.registry.RegistryLookup;
import io.paystream.payment.security.ClientPrincipal;
import io.paystream.payment.web.Problems;
import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import io.paystream.platform.reactive.Deadlines;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Accepts a validated payment: checks the client may act for the merchant, resolves card and
 * merchant from the registry, then records the payment under its {@code Idempotency-Key} and queues
 * the enriched {@code payment.requested.v1} in one statement ({@link IntakeRepository}). The answer
 * comes after the commit: a 202 means the payment is durable and will be published by the outbox
 * relay, whether Kafka is up or not.
 *
 * <p>Answers: 202 for a new payment; the same 202 with {@code Idempotent-Replayed} when the key
 * holds a payment of the same fingerprint (at any later time: keys do not expire); 422 when it
 * holds a payment of another fingerprint; 400 for an {@code occurredAt} older than allowed unless
 * the key holds the same payment; 503 with {@code Retry-After} when PostgreSQL fails or is slower
 * than {@code record-timeout} (retry with the same key: the key then finds the payment if the
 * statement committed after all, else the retry records it).
 */
@Service
public class PaymentIntakeService {

  private static final Logger log = LoggerFactory.getLogger(PaymentIntakeService.class);
  private static final String SOURCE_SERVICE = "payment-api";

  private final PanTokenizer tokenizer;
  private final RegistryLookup registry;
  private final IntakeRepository payments;
  private final PaymentProperties properties;
  private final Clock clock;

  public PaymentIntakeService(
      PanTokenizer tokenizer,
      RegistryLookup registry,
      IntakeRepository payments,
      PaymentProperties properties,
      Clock clock) {
    this.tokenizer = tokenizer;
    this.registry = registry;
    this.payments = payments;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The outcome of a submission.
   *
   * @param paymentId the payment's id
   * @param status the HTTP status to answer (202 on acceptance)
   * @param body the JSON body to answer
   * @param replayed {@code true} if this is the answer of an earlier request
   */
  public record Outcome(UUID paymentId, int status, String body, boolean replayed) {}

  /**
   * Submits a payment for {@code client} under {@code idempotencyKey}.
   *
   * @param late the parser's {@code occurredAt} violation when it is older than allowed, else null:
   *     then only a replay of an accepted payment is answered, anything else is a 400
   */
  public Mono<Outcome> submit(
      ClientPrincipal client, String idempotencyKey, PaymentCommand cmd, FieldError late) {
    if (!client.mayActFor(cmd.merchantId())) {
      return Mono.error(
          new PaystreamProblem(
              HttpStatus.FORBIDDEN,
              Problems.FORBIDDEN,
              "Forbidden",
              "this client may only submit payments for its own merchant"));
    }
    List<String> tokens =
        cmd.pan() != null ? tokenizer.candidateTokens(cmd.pan()) : List.of(cmd.cardToken());
    String cardField = cmd.pan() != null ? "card.pan" : "card.token";
    Mono<Optional<Card>> card =
        registry.card(tokens).map(Optional::of).defaultIfEmpty(Optional.empty());
    Mono<Optional<Merchant>> merchant =
        registry.merchant(cmd.merchantId()).map(Optional::of).defaultIfEmpty(Optional.empty());
    return Mono.zip(card, merchant)
        .flatMap(
            found -> {
              List<FieldError> unknown = new ArrayList<>();
              if (found.getT1().isEmpty()) {
                unknown.add(new FieldError(cardField, "unknown card"));
              }
              if (found.getT2().isEmpty()) {
                unknown.add(new FieldError("merchantId", "unknown merchant"));
              }
              if (!unknown.isEmpty()) {
                return Mono.error(Problems.validation(unknown));
              }
              String fingerprint = RequestFingerprint.of(found.getT1().get().cardToken(), cmd);
              if (late != null) {
                return Deadlines.within(
                        payments.holderOf(client.clientId(), idempotencyKey),
                        properties.recordTimeout())
                    .switchIfEmpty(Mono.error(() -> Problems.validation(List.of(late))))
                    .map(holder -> earlier(holder, fingerprint));
              }
              return record(
                  client,
                  idempotencyKey,
                  cmd,
                  found.getT1().get(),
                  found.getT2().get(),
                  fingerprint);
            })
        .onErrorMap(e -> !(e instanceof PaystreamProblem), this::unavailable);
  }

  private Mono<Outcome> record(
      ClientPrincipal client,
      String key,
      PaymentCommand cmd,
      Card card,
      Merchant merchant,
      String fingerprint) {
    UUID paymentId = PaymentIds.next();
    PaymentRequested data = enrich(client, cmd, card, merchant, paymentId, clock.instant());
    String id = paymentId.toString();
    Event<PaymentRequested> event = Event.of(id, Event.sourceOf(SOURCE_SERVICE), id, data);
    return Deadlines.within(
            payments.accept(data, key, fingerprint, event), properties.recordTimeout())
        .map(
            holder ->
                holder.paymentId().equals(paymentId)
                    ? new Outcome(paymentId, HttpStatus.ACCEPTED.value(), answer(paymentId), false)
                    : earlier(holder, fingerprint));
  }

  /** The answer for a key that already holds a payment: its replay, or 422 for another body. */
  private static Outcome earlier(IntakeRepository.KeyHolder holder, String fingerprint) {
    if (!fingerprint.equals(holder.fingerprint())) {
      throw new PaystreamProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          Problems.IDEMPOTENCY_KEY_REUSED,
          "Idempotency-Key reused",
          "this Idempotency-Key was used with a different request body");
    }
    return new Outcome(
        holder.paymentId(), HttpStatus.ACCEPTED.value(), answer(holder.paymentId()), true);
  }

  /** The 202 body; a replay answers the same bytes as the first request got. */
  private static String answer(UUID paymentId) {
    return "{\"paymentId\":\"" + paymentId + "\",\"status\":\"RECEIVED\"}";
  }

  private PaystreamProblem unavailable(Throwable e) {
    log.warn("payment not recorded, answering 503: {}", e.toString());
    return Problems.unavailable(
        "the payment could not be recorded; retry after Retry-After with the same"
            + " Idempotency-Key (a new key could create a second payment)",
        properties.retryAfter(),
        e);
  }

  /** Builds the event data: everything consumers need, from the request and the registry. */
  static PaymentRequested enrich(
      ClientPrincipal client,
      PaymentCommand cmd,
      Card card,
      Merchant merchant,
      UUID paymentId,
      Instant receivedAt) {
    GeoLocation location = null;
    if (cmd.channel().cardPresent()) {
      if (cmd.location() != null) {
        location =
            new GeoLocation(
                cmd.location().lat(),
                cmd.location().lon(),
                cmd.location().accuracyKm(),
                merchant.country());
      } else if (merchant.located()) {
        location =
            new GeoLocation(
                merchant.lat(),
                merchant.lon(),
                merchant.accuracyKm() == null ? 0.0 : merchant.accuracyKm(),
                merchant.country());
      }
    }
    return new PaymentRequested(
        paymentId.toString(),
        client.clientId(),
        cmd.terminalId(),
        cmd.channel(),
        new CardSnapshot(
            card.cardToken(),
            card.bin(),
            card.lastFour(),
            card.brand(),
            card.type(),
            card.productCode()),
        card.customerId(),
        new MerchantSnapshot(
            merchant.merchantId(), merchant.name(), merchant.mcc(), merchant.country()),
        cmd.amountMinor(),
        cmd.currency().getCurrencyCode(),
        location,
        cmd.occurredAt(),
        receivedAt);
  }
}
