package io.paystream.platform.cache;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The ITs' loader: a real PostgreSQL table read through R2DBC, counting its calls. */
final class MerchantTable {

  final AtomicInteger calls = new AtomicInteger();
  private final DatabaseClient db;

  MerchantTable(DatabaseClient db) {
    this.db = db;
  }

  void create() {
    db.sql("CREATE TABLE IF NOT EXISTS merchant (id text PRIMARY KEY, name text, category text)")
        .then()
        .block();
    db.sql("TRUNCATE merchant").then().block();
  }

  void upsert(Merchant m) {
    db.sql(
            "INSERT INTO merchant VALUES (:id, :name, :category) ON CONFLICT (id) DO UPDATE"
                + " SET name = excluded.name, category = excluded.category")
        .bind("id", m.id())
        .bind("name", m.name())
        .bind("category", m.category())
        .then()
        .block();
  }

  Mono<Merchant> find(String id) {
    return Mono.defer(
        () -> {
          calls.incrementAndGet();
          return db.sql("SELECT id, name, category FROM merchant WHERE id = :id")
              .bind("id", id)
              .map(
                  row ->
                      new Merchant(
                          row.get("id", String.class),
                          row.get("name", String.class),
                          row.get("category", String.class)))
              .one();
        });
  }
}
