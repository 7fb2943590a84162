package io.paystream.notification.contact;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Reads contacts from payment-api's documented read-only view {@code
 * registry.customer_contacts(customer_id, name, phone_e164, email, push_token, locale)}. This
 * service never writes the {@code registry} schema.
 */
@Repository
public class ContactRepository {

  private final DatabaseClient db;

  public ContactRepository(DatabaseClient db) {
    this.db = db;
  }

  /** The contacts of a customer; empty when the registry does not know the customer. */
  public Mono<Contact> findByCustomerId(String customerId) {
    return db.sql(
            "SELECT customer_id, name, phone_e164, email, push_token, locale"
                + " FROM registry.customer_contacts WHERE customer_id = :id")
        .bind("id", customerId)
        .map(
            row ->
                new Contact(
                    row.get("customer_id", String.class),
                    row.get("name", String.class),
                    row.get("phone_e164", String.class),
                    row.get("email", String.class),
                    row.get("push_token", String.class),
                    row.get("locale", String.class)))
        .one();
  }
}
