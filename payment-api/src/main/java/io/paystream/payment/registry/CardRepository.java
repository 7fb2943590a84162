package io.paystream.payment.registry;

import static io.paystream.payment.registry.BulkUpsert.orNull;

import io.paystream.contracts.event.CardType;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Cards in {@code registry.cards} (R2DBC): token, BIN, last four; never a PAN. */
@Repository
public class CardRepository {

  private static final String COLUMNS =
      "card_token, key_id, bin, last_four, brand, card_type, product_code, expiry_month,"
          + " expiry_year, customer_id";
  private static final String INSERT = "INSERT INTO registry.cards (" + COLUMNS + ") VALUES ";
  private static final String CONFLICT =
      "ON CONFLICT (card_token) DO UPDATE SET brand = EXCLUDED.brand,"
          + " card_type = EXCLUDED.card_type, product_code = EXCLUDED.product_code,"
          + " expiry_month = EXCLUDED.expiry_month, expiry_year = EXCLUDED.expiry_year,"
          + " customer_id = EXCLUDED.customer_id, updated_at = now()";

  private final DatabaseClient db;

  public CardRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Inserts or updates cards (distinct tokens, existing customers); emits the row count. */
  public Mono<Long> upsertAll(List<Card> cards) {
    return BulkUpsert.upsert(
        db,
        cards,
        INSERT,
        CONFLICT,
        c ->
            new Object[] {
              c.cardToken(),
              c.keyId(),
              c.bin(),
              c.lastFour(),
              c.brand(),
              c.type().name(),
              orNull(c.productCode(), String.class),
              (short) c.expiryMonth(),
              (short) c.expiryYear(),
              c.customerId()
            });
  }

  /** The card with this token, or empty. */
  public Mono<Card> findByToken(String cardToken) {
    return findAnyByToken(List.of(cardToken)).next();
  }

  /** The cards with any of these tokens (e.g. one PAN's tokens under every key). */
  public Flux<Card> findAnyByToken(List<String> cardTokens) {
    return db.sql("SELECT " + COLUMNS + " FROM registry.cards WHERE card_token = ANY($1)")
        .bind(0, cardTokens.toArray(String[]::new))
        .map(
            row ->
                new Card(
                    row.get("card_token", String.class),
                    row.get("key_id", String.class),
                    row.get("bin", String.class),
                    row.get("last_four", String.class),
                    row.get("brand", String.class),
                    CardType.valueOf(row.get("card_type", String.class)),
                    row.get("product_code", String.class),
                    row.get("expiry_month", Short.class),
                    row.get("expiry_year", Short.class),
                    row.get("customer_id", String.class)))
        .all();
  }
}
