package io.paystream.payment.registry;

import static io.paystream.payment.registry.BulkUpsert.orNull;

import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Merchants in {@code registry.merchants} (R2DBC). */
@Repository
public class MerchantRepository {

  private static final String INSERT =
      "INSERT INTO registry.merchants"
          + " (merchant_id, name, mcc, address, country, lat, lon, accuracy_km) VALUES ";
  private static final String CONFLICT =
      "ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name, mcc = EXCLUDED.mcc,"
          + " address = EXCLUDED.address, country = EXCLUDED.country, lat = EXCLUDED.lat,"
          + " lon = EXCLUDED.lon, accuracy_km = EXCLUDED.accuracy_km, updated_at = now()";

  private final DatabaseClient db;

  public MerchantRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Inserts or updates merchants (distinct ids); emits the row count. */
  public Mono<Long> upsertAll(List<Merchant> merchants) {
    return BulkUpsert.upsert(
        db,
        merchants,
        INSERT,
        CONFLICT,
        m ->
            new Object[] {
              m.merchantId(),
              m.name(),
              m.mcc(),
              orNull(m.address(), String.class),
              m.country(),
              orNull(m.lat(), Double.class),
              orNull(m.lon(), Double.class),
              orNull(m.accuracyKm(), Double.class)
            });
  }

  /** The merchant, or empty. */
  public Mono<Merchant> findById(String merchantId) {
    return db.sql(
            "SELECT merchant_id, name, mcc, address, country, lat, lon, accuracy_km"
                + " FROM registry.merchants WHERE merchant_id = $1")
        .bind(0, merchantId)
        .map(
            row ->
                new Merchant(
                    row.get("merchant_id", String.class),
                    row.get("name", String.class),
                    row.get("mcc", String.class),
                    row.get("address", String.class),
                    row.get("country", String.class),
                    row.get("lat", Double.class),
                    row.get("lon", Double.class),
                    row.get("accuracy_km", Double.class)))
        .one();
  }
}
