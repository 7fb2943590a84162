package io.paystream.payment.intake;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.CardSnapshot;
import io.paystream.contracts.event.GeoLocation;
import io.paystream.contracts.event.MerchantSnapshot;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.payment.card.PanTokenizer;
import io.paystream.payment.idempotency.IdempotencyRecord;
import io.paystream.payment.idempotency.IdempotencyRepository;
import io.paystream.payment.idempotency.RequestFingerprint;
import io.paystream.payment.registry.Card;
import io.paystream.payment.registry.Merchant;
import io.paystream.payment.registry.RegistryLookup;
import io.paystream.payment.security.ClientPrincipal;
import io.paystream.payment.status.PaymentStatusRepository;
import io.paystream.payment.web.Problems;
import io.paystream.platform.kafka.EventPublisher;
import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
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
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Accepts a validated payment: checks the client may act for the merchant, resolves card and
 * merchant from the registry, claims the idempotency key, publishes the enriched {@code
 * payment.requested.v1} and stores the answer for replays. A failed publish releases the claim.
 */
@Service
public class PaymentIntakeService {

  private static final Logger log = LoggerFactory.getLogger(PaymentIntakeService.class);
  private static final String SOURCE_SERVICE = "payment-api";

  private final PanTokenizer tokenizer;
  private final RegistryLookup registry;
  private final IdempotencyRepository idempotency;
  private final PaymentStatusRepository payments;
  private final EventPublisher publisher;
  private final TransactionalOperator transactions;
  private final PaymentProperties properties;
  private final Clock clock;

  public PaymentIntakeService(
      PanTokenizer tokenizer,
      RegistryLookup registry,
      IdempotencyRepository idempotency,
      PaymentStatusRepository payments,
      EventPublisher publisher,
      TransactionalOperator transactions,
      PaymentProperties properties,
      Clock clock) {
    this.tokenizer = tokenizer;
    this.registry = registry;
    this.idempotency = idempotency;
    this.payments = payments;
    this.publisher = publisher;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The outcome of a submission.
   *
   * @param paymentId the payment's id
   * @param status the HTTP status to answer (202 on acceptance)
   * @param body the JSON body to answer
   * @param replayed {@code true} if this is the stored answer of an earlier request
   */
  public record Outcome(UUID paymentId, int status, String body, boolean replayed) {}

  /** Submits a payment for {@code client} under {@code idempotencyKey}. */
  public Mono<Outcome> submit(ClientPrincipal client, String idempotencyKey, PaymentCommand cmd) {
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
              return claimAndPublish(
                  client, idempotencyKey, cmd, found.getT1().get(), found.getT2().get());
            });
  }

  private Mono<Outcome> claimAndPublish(
      ClientPrincipal client, String key, PaymentCommand cmd, Card card, Merchant merchant) {
    String fingerprint = RequestFingerprint.of(card.cardToken(), cmd);
    UUID paymentId = PaymentIds.next();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(properties.idempotencyRetention());
    return idempotency
        .claim(client.clientId(), key, fingerprint, paymentId, expiresAt)
        .flatMap(
            claimed ->
                claimed
                    ? publishClaimed(client, key, cmd, card, merchant, paymentId, now)
                    : existing(client, key, fingerprint));
  }

  private Mono<Outcome> existing(ClientPrincipal client, String key, String fingerprint) {
    return idempotency
        .find(client.clientId(), key)
        .switchIfEmpty(
            // released or expired between our claim attempt and this read: the caller retries
            Mono.error(
                () ->
                    new PaystreamProblem(
                        HttpStatus.CONFLICT,
                        Problems.IDEMPOTENCY_IN_FLIGHT,
                        "Request in flight",
                        "a request with this Idempotency-Key is being processed; retry")))
        .flatMap(
            (IdempotencyRecord record) -> {
              if (!record.fingerprint().equals(fingerprint)) {
                return Mono.error(
                    new PaystreamProblem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        Problems.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key reused",
                        "this Idempotency-Key was used with a different request body"));
              }
              if (!record.completed()) {
                return Mono.error(
                    new PaystreamProblem(
                        HttpStatus.CONFLICT,
                        Problems.IDEMPOTENCY_IN_FLIGHT,
                        "Request in flight",
                        "a request with this Idempotency-Key is being processed; retry"));
              }
              return Mono.just(
                  new Outcome(
                      record.paymentId(), record.responseStatus(), record.responseBody(), true));
            });
  }

  private Mono<Outcome> publishClaimed(
      ClientPrincipal client,
      String key,
      PaymentCommand cmd,
      Card card,
      Merchant merchant,
      UUID paymentId,
      Instant receivedAt) {
    PaymentRequested data = enrich(client, cmd, card, merchant, paymentId, receivedAt);
    String id = paymentId.toString();
    Event<PaymentRequested> event = Event.of(id, Event.sourceOf(SOURCE_SERVICE), id, data);
    String body = "{\"paymentId\":\"" + id + "\",\"status\":\"RECEIVED\"}";
    int status = HttpStatus.ACCEPTED.value();
    return publisher
        .publish(Topics.PAYMENT_STREAM, card.cardToken(), event)
        .onErrorResume(
            e ->
                idempotency
                    .release(client.clientId(), key, paymentId)
                    .onErrorResume(releaseError -> Mono.just(0L))
                    .then(
                        Mono.error(
                            () -> {
                              log.warn(
                                  "payment {} not published, claim released: {}", id, e.toString());
                              return Problems.unavailable(
                                  "the payment stream is unavailable; retry with the same"
                                      + " Idempotency-Key",
                                  properties.retryAfter(),
                                  e);
                            })))
        .then(
            transactions.transactional(
                payments
                    .recordAccepted(data, key)
                    .then(idempotency.complete(client.clientId(), key, paymentId, status, body))))
        .thenReturn(new Outcome(paymentId, status, body, false));
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
