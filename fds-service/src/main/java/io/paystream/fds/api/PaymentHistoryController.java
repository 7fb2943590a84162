package io.paystream.fds.api;

import io.paystream.contracts.event.PaymentStatus;
import io.paystream.fds.payment.PaymentStateMachine;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Ledger reads: a payment's history ({@code GET /v1/payments/{id}/history}, optionally {@code
 * ?asOf=<sequence>} for the state rebuilt at that point) for its owner (JWT {@code sub} = the
 * payment's {@code clientId}; anyone else gets the same 404 as for a missing payment), and the
 * pending verifications for operators (scope {@code admin}).
 */
@RestController
public class PaymentHistoryController {

  static final URI NOT_FOUND = URI.create("https://paystream.io/problems/not-found");
  static final URI VALIDATION = URI.create("https://paystream.io/problems/validation");

  private final DatabaseClient db;

  public PaymentHistoryController(DatabaseClient db) {
    this.db = db;
  }

  /** The payment's ledger events in order, up to {@code asOf} when given. */
  @GetMapping("/v1/payments/{paymentId}/history")
  public Mono<PaymentHistory> history(
      @PathVariable String paymentId,
      @RequestParam(required = false) Integer asOf,
      @AuthenticationPrincipal Jwt jwt) {
    if (asOf != null && asOf < 0) {
      return Mono.error(problem(HttpStatus.BAD_REQUEST, VALIDATION, "asOf must be >= 0"));
    }
    return db.sql("SELECT client_id FROM ledger.transactions WHERE payment_id = $1")
        .bind(0, paymentId)
        .map(r -> r.get(0, String.class))
        .one()
        .filter(owner -> owner.equals(jwt.getSubject()))
        .switchIfEmpty(
            Mono.error(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "no payment " + paymentId)))
        .flatMap(
            owner ->
                db.sql(
                        "SELECT sequence, status, reason_codes, data::text AS data, recorded_at"
                            + " FROM ledger.payment_events WHERE payment_id = $1"
                            + " AND sequence <= $2 ORDER BY sequence")
                    .bind(0, paymentId)
                    .bind(1, asOf == null ? Integer.MAX_VALUE : asOf)
                    .map(
                        r ->
                            new HistoryEvent(
                                r.get("sequence", Integer.class),
                                PaymentStatus.valueOf(r.get("status", String.class)),
                                Arrays.asList(r.get("reason_codes", String[].class)),
                                r.get("recorded_at", OffsetDateTime.class),
                                r.get("sequence", Integer.class) == 0
                                    ? null
                                    : r.get("data", String.class)))
                    .all()
                    .collectList()
                    .map(
                        events ->
                            new PaymentHistory(
                                paymentId,
                                PaymentStateMachine.replay(
                                    events.stream().map(HistoryEvent::status).toList()),
                                events.isEmpty() ? null : events.getLast().sequence(),
                                events)));
  }

  /** Payments held for verification, oldest first (at most 500). */
  @GetMapping("/v1/admin/verifications/pending")
  public Mono<List<PendingVerification>> pending() {
    return db.sql(
            "SELECT payment_id, card_token, customer_id, amount_minor, currency, reason_codes,"
                + " updated_at FROM ledger.transactions WHERE status = 'PENDING_VERIFICATION'"
                + " ORDER BY updated_at LIMIT 500")
        .map(
            r ->
                new PendingVerification(
                    r.get("payment_id", String.class),
                    r.get("card_token", String.class),
                    r.get("customer_id", String.class),
                    r.get("amount_minor", Long.class),
                    r.get("currency", String.class),
                    Arrays.asList(r.get("reason_codes", String[].class)),
                    r.get("updated_at", OffsetDateTime.class)))
        .all()
        .collectList();
  }

  private static ErrorResponseException problem(HttpStatus status, URI type, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(type);
    return new ErrorResponseException(status, body, null);
  }

  /**
   * A payment's history.
   *
   * @param paymentId payment id
   * @param status the state after the last event shown
   * @param asOf the sequence of the last event shown
   * @param events ledger events in sequence order
   */
  public record PaymentHistory(
      String paymentId, PaymentStatus status, Integer asOf, List<HistoryEvent> events) {}

  /**
   * One ledger event.
   *
   * @param sequence 0 = {@code RECEIVED}, then 1, 2, ...
   * @param status the state entered
   * @param reasonCodes why
   * @param recordedAt when it was committed
   * @param details JSON details (travel figures, verification outcome), {@code null} for {@code
   *     RECEIVED}
   */
  public record HistoryEvent(
      int sequence,
      PaymentStatus status,
      List<String> reasonCodes,
      OffsetDateTime recordedAt,
      String details) {}

  /**
   * A payment held for verification.
   *
   * @param paymentId payment id
   * @param cardToken card token
   * @param customerId cardholder
   * @param amountMinor amount in ISO 4217 minor units
   * @param currency ISO 4217 code
   * @param reasonCodes why it was held
   * @param heldSince when it was held
   */
  public record PendingVerification(
      String paymentId,
      String cardToken,
      String customerId,
      long amountMinor,
      String currency,
      List<String> reasonCodes,
      OffsetDateTime heldSince) {}
}
