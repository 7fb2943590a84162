package io.paystream.payment.intake;

import io.paystream.contracts.Event;
import io.paystream.contracts.Topics;
import io.paystream.contracts.event.PaymentRequested;
import io.paystream.platform.outbox.OutboxEntry;
import io.paystream.platform.outbox.OutboxWriter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Records accepted payments in {@code registry.payments}, which is also the idempotency record: one
 * row per (client, {@code Idempotency-Key}) under the never-expiring unique index {@code
 * payments_client_key_idx}, with the request's fingerprint.
 *
 * <p>{@link #accept} is <em>one</em> statement (autocommit, so no {@code BEGIN}/{@code COMMIT}): it
 * inserts the payment or, when the key is taken, returns the payment that holds it; and only when
 * it inserted, it queues {@code payment.requested.v1} in {@code registry.outbox} through the
 * platform {@link OutboxWriter} (the relay publishes it after the commit). Either both rows exist
 * or neither, whatever happens to the request afterwards (cancelled, timed out, process killed).
 *
 * <p>Concurrent requests with one key: the unique index makes the later ones wait for the first
 * one's commit, then {@code ON CONFLICT DO UPDATE} (a no-op update, which locks the row) returns
 * the committed row to them. {@code DO NOTHING} would return nothing there, and a second read in
 * the same statement would not see the row committed after the statement's snapshot.
 */
@Repository
public class IntakeRepository {

  private static final String PAYMENT_ID_PARAMETER = "$1";
  private static final String INSERT_PAYMENT =
      "INSERT INTO registry.payments (payment_id, client_id, merchant_id, idempotency_key,"
          + " fingerprint, terminal_id, channel, card_token, card_bin, card_last_four, card_brand,"
          + " amount_minor, currency, occurred_at, occurred_offset, status, received_at)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
          + " 'RECEIVED', $16)"
          + " ON CONFLICT (client_id, idempotency_key) WHERE idempotency_key IS NOT NULL"
          + " DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key"
          + " RETURNING payment_id, fingerprint";
  private static final int FIRST_OUTBOX_PARAMETER = 17;

  private final DatabaseClient db;
  private final OutboxWriter outbox;

  public IntakeRepository(DatabaseClient db, OutboxWriter outbox) {
    this.db = db;
    this.outbox = outbox;
  }

  /**
   * The payment that holds a key.
   *
   * @param paymentId its id
   * @param fingerprint the fingerprint of the request that created it ({@code RequestFingerprint});
   *     null for a payment accepted before fingerprints were kept on payments
   */
  public record KeyHolder(UUID paymentId, String fingerprint) {}

  /**
   * Records {@code payment} under {@code idempotencyKey} and queues {@code event} for {@code
   * payment-stream} (key: the card token), in one statement; or, when the client already used the
   * key, changes nothing.
   *
   * @return the payment holding the key afterwards: {@code payment}'s own id when it was recorded
   *     now, else the earlier payment
   * @throws io.r2dbc.spi.R2dbcException (in the Mono) when PostgreSQL fails; nothing was recorded
   *     unless the statement committed before the failure reached us
   */
  public Mono<KeyHolder> accept(
      PaymentRequested payment,
      String idempotencyKey,
      String fingerprint,
      Event<PaymentRequested> event) {
    // the request's trace context (WebFlux keeps it in the Reactor context) goes with the row
    return Mono.deferContextual(
        context -> accept(payment, idempotencyKey, fingerprint, event, context));
  }

  private Mono<KeyHolder> accept(
      PaymentRequested payment,
      String idempotencyKey,
      String fingerprint,
      Event<PaymentRequested> event,
      ContextView context) {
    OutboxWriter.Insert queue =
        outbox.insertFor(
            List.of(OutboxEntry.of(Topics.PAYMENT_STREAM, payment.card().token(), event)),
            FIRST_OUTBOX_PARAMETER,
            "EXISTS (SELECT 1 FROM p WHERE p.payment_id = " + PAYMENT_ID_PARAMETER + ")",
            context);
    String sql =
        "WITH p AS ("
            + INSERT_PAYMENT
            + "), o AS ("
            + queue.insert()
            + ") SELECT p.payment_id, p.fingerprint, "
            + queue.queued("o")
            + " AS queued FROM p";
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(sql)
            .bind(0, UUID.fromString(payment.paymentId()))
            .bind(1, payment.clientId())
            .bind(2, payment.merchant().id())
            .bind(3, idempotencyKey)
            .bind(4, fingerprint)
            .bind(5, payment.terminalId())
            .bind(6, payment.channel().name())
            .bind(7, payment.card().token())
            .bind(8, payment.card().bin())
            .bind(9, payment.card().lastFour())
            .bind(10, payment.card().brand())
            .bind(11, payment.amountMinor())
            .bind(12, payment.currency())
            .bind(13, payment.occurredAt())
            .bind(14, payment.occurredAt().getOffset().getId())
            .bind(15, payment.receivedAt().atOffset(ZoneOffset.UTC));
    List<Object> outboxValues = queue.bindings();
    for (int i = 0; i < outboxValues.size(); i++) {
      spec = spec.bind(FIRST_OUTBOX_PARAMETER - 1 + i, outboxValues.get(i));
    }
    return spec.map(
            row ->
                new KeyHolder(
                    row.get("payment_id", UUID.class), row.get("fingerprint", String.class)))
        .one();
  }

  /** The payment {@code clientId} submitted with {@code idempotencyKey}, or empty. */
  public Mono<KeyHolder> holderOf(String clientId, String idempotencyKey) {
    return db.sql(
            "SELECT payment_id, fingerprint FROM registry.payments"
                + " WHERE client_id = $1 AND idempotency_key = $2")
        .bind(0, clientId)
        .bind(1, idempotencyKey)
        .map(
            row ->
                new KeyHolder(
                    row.get("payment_id", UUID.class), row.get("fingerprint", String.class)))
        .one();
  }
}
