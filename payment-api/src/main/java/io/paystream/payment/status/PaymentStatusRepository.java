package io.paystream.payment.status;

import io.paystream.contracts.event.PaymentDecided;
import io.paystream.contracts.event.PaymentStatus;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The payment status view {@code registry.payments}: written when a payment is accepted ({@code
 * intake.IntakeRepository}) and advanced by {@code payment.decided.v1} (highest sequence wins, so
 * redelivered or reordered decisions are harmless).
 */
@Repository
public class PaymentStatusRepository {

  private static final String SELECT =
      "SELECT payment_id, client_id, merchant_id, channel, card_bin, card_last_four, card_brand,"
          + " amount_minor, currency, occurred_at, occurred_offset, status, reason_codes,"
          + " updated_at FROM registry.payments ";

  private final DatabaseClient db;

  public PaymentStatusRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Applies a decision if it is newer than what the view holds; emits rows changed (0 or 1). */
  public Mono<Long> applyDecision(PaymentDecided d) {
    return db.sql(
            "INSERT INTO registry.payments (payment_id, client_id, merchant_id, card_token,"
                + " amount_minor, currency, occurred_at, occurred_offset, status, sequence,"
                + " reason_codes, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())"
                + " ON CONFLICT (payment_id) DO UPDATE SET status = EXCLUDED.status,"
                + " sequence = EXCLUDED.sequence, reason_codes = EXCLUDED.reason_codes,"
                + " updated_at = now() WHERE payments.sequence < EXCLUDED.sequence")
        .bind(0, UUID.fromString(d.paymentId()))
        .bind(1, d.clientId())
        .bind(2, d.merchantId())
        .bind(3, d.cardToken())
        .bind(4, d.amountMinor())
        .bind(5, d.currency())
        .bind(6, d.occurredAt())
        .bind(7, d.occurredAt().getOffset().getId())
        .bind(8, d.status().name())
        .bind(9, d.sequence())
        .bind(10, d.reasonCodes() == null ? new String[0] : d.reasonCodes().toArray(String[]::new))
        .fetch()
        .rowsUpdated();
  }

  /** A payment by id. */
  public Mono<StoredPayment> findById(UUID paymentId) {
    return db.sql(SELECT + "WHERE payment_id = $1").bind(0, paymentId).map(this::map).one();
  }

  /** The payment a client submitted with an idempotency key. */
  public Mono<StoredPayment> findByIdempotencyKey(String clientId, String key) {
    return db.sql(SELECT + "WHERE client_id = $1 AND idempotency_key = $2")
        .bind(0, clientId)
        .bind(1, key)
        .map(this::map)
        .one();
  }

  private StoredPayment map(Readable row) {
    OffsetDateTime occurred = row.get("occurred_at", OffsetDateTime.class);
    String offset = row.get("occurred_offset", String.class);
    if (occurred != null && offset != null) {
      occurred = occurred.withOffsetSameInstant(ZoneOffset.of(offset));
    }
    String[] reasons = row.get("reason_codes", String[].class);
    String status = row.get("status", String.class);
    return new StoredPayment(
        row.get("payment_id", UUID.class),
        row.get("client_id", String.class),
        row.get("merchant_id", String.class),
        row.get("channel", String.class),
        row.get("card_bin", String.class),
        row.get("card_last_four", String.class),
        row.get("card_brand", String.class),
        row.get("amount_minor", Long.class),
        row.get("currency", String.class),
        occurred,
        status == null ? PaymentStatus.RECEIVED.name() : status,
        reasons == null ? List.of() : Arrays.asList(reasons),
        row.get("updated_at", OffsetDateTime.class).toInstant());
  }
}
