package io.paystream.payment.registry;

import static io.paystream.payment.registry.BulkUpsert.orNull;

import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Customers in {@code registry.customers} (R2DBC). */
@Repository
public class CustomerRepository {

  private static final String INSERT =
      "INSERT INTO registry.customers (customer_id, name, phone_e164, email, push_token, locale)"
          + " VALUES ";
  private static final String CONFLICT =
      "ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name,"
          + " phone_e164 = EXCLUDED.phone_e164, email = EXCLUDED.email,"
          + " push_token = EXCLUDED.push_token, locale = EXCLUDED.locale, updated_at = now()";

  private final DatabaseClient db;

  public CustomerRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Inserts or updates customers (distinct ids); emits the row count. */
  public Mono<Long> upsertAll(List<Customer> customers) {
    return BulkUpsert.upsert(
        db,
        customers,
        INSERT,
        CONFLICT,
        c ->
            new Object[] {
              c.customerId(),
              c.name(),
              c.phoneE164(),
              orNull(c.email(), String.class),
              orNull(c.pushToken(), String.class),
              c.locale()
            });
  }

  /** The customer, or empty. */
  public Mono<Customer> findById(String customerId) {
    return db.sql(
            "SELECT customer_id, name, phone_e164, email, push_token, locale"
                + " FROM registry.customers WHERE customer_id = $1")
        .bind(0, customerId)
        .map(
            row ->
                new Customer(
                    row.get("customer_id", String.class),
                    row.get("name", String.class),
                    row.get("phone_e164", String.class),
                    row.get("email", String.class),
                    row.get("push_token", String.class),
                    row.get("locale", String.class)))
        .one();
  }

  /** Which of these ids exist. */
  public Flux<String> existingIds(List<String> customerIds) {
    return db.sql("SELECT customer_id FROM registry.customers WHERE customer_id = ANY($1)")
        .bind(0, customerIds.toArray(String[]::new))
        .map(row -> row.get("customer_id", String.class))
        .all();
  }
}
