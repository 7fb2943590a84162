package io.paystream.benefit.catalog;

import io.paystream.contracts.event.CardType;
import io.r2dbc.spi.Readable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The benefit catalog in PostgreSQL ({@code benefit.mcc_groups}, {@code card_products}, ...). */
@Repository
public class CatalogRepository {

  private final DatabaseClient db;
  private final TransactionalOperator tx;

  public CatalogRepository(DatabaseClient db, TransactionalOperator tx) {
    this.db = db;
    this.tx = tx;
  }

  /** The whole catalog. */
  public Mono<CatalogSnapshot> load() {
    Mono<List<MccGroup>> groups =
        db.sql(
                "SELECT g.code, g.name, r.mcc_from, r.mcc_to FROM benefit.mcc_groups g"
                    + " LEFT JOIN benefit.mcc_group_ranges r ON r.group_code = g.code"
                    + " ORDER BY g.position, g.code, r.mcc_from")
            .map(
                r ->
                    new Object[] {
                      r.get("code", String.class),
                      r.get("name", String.class),
                      r.get("mcc_from", Integer.class),
                      r.get("mcc_to", Integer.class)
                    })
            .all()
            .collectList()
            .map(CatalogRepository::groups);
    Mono<List<CardProduct>> products =
        db.sql("SELECT * FROM benefit.card_products ORDER BY code")
            .map(CatalogRepository::product)
            .all()
            .collectList();
    Mono<List<BenefitRule>> rules =
        db.sql("SELECT * FROM benefit.benefit_rules ORDER BY id")
            .map(CatalogRepository::rule)
            .all()
            .collectList();
    Mono<List<ProductMapping>> mappings =
        db.sql("SELECT * FROM benefit.product_mappings ORDER BY id")
            .map(
                r ->
                    new ProductMapping(
                        r.get("registry_product_code", String.class),
                        r.get("brand", String.class),
                        cardType(r.get("card_type", String.class)),
                        r.get("product_code", String.class)))
            .all()
            .collectList();
    return Mono.zip(groups, products, rules, mappings)
        .map(t -> new CatalogSnapshot(t.getT1(), t.getT2(), t.getT3(), t.getT4()));
  }

  /**
   * Creates or replaces a product and all its rules, in one transaction.
   *
   * @return the stored product's rules with their new ids
   */
  public Mono<List<BenefitRule>> replaceProduct(CardProduct p, List<BenefitRule> rules) {
    Mono<Long> upsert =
        db.sql(
                "INSERT INTO benefit.card_products (code, issuer, name, brand, card_type,"
                    + " reward_kind, point_value_milli, currency, annual_fee_minor,"
                    + " publicly_offered, updated_at) VALUES (:code, :issuer, :name, :brand,"
                    + " :type, :kind, :pv, :cur, :fee, :pub, now()) ON CONFLICT (code) DO UPDATE"
                    + " SET issuer = EXCLUDED.issuer, name = EXCLUDED.name, brand = EXCLUDED.brand,"
                    + " card_type = EXCLUDED.card_type, reward_kind = EXCLUDED.reward_kind,"
                    + " point_value_milli = EXCLUDED.point_value_milli, currency ="
                    + " EXCLUDED.currency, annual_fee_minor = EXCLUDED.annual_fee_minor,"
                    + " publicly_offered = EXCLUDED.publicly_offered, updated_at = now()")
            .bind("code", p.code())
            .bind("issuer", p.issuer())
            .bind("name", p.name())
            .bind("brand", p.brand())
            .bind("type", p.type().name())
            .bind("kind", p.rewardKind().name())
            .bind("pv", p.pointValueMilli())
            .bind("cur", p.currency())
            .bind("fee", p.annualFeeMinor())
            .bind("pub", p.publiclyOffered())
            .fetch()
            .rowsUpdated();
    Mono<Long> deleteRules =
        db.sql("DELETE FROM benefit.benefit_rules WHERE product_code = :code")
            .bind("code", p.code())
            .fetch()
            .rowsUpdated();
    Flux<BenefitRule> inserted = Flux.fromIterable(rules).concatMap(this::insertRule);
    return tx.transactional(upsert.then(deleteRules).thenMany(inserted).collectList());
  }

  /**
   * Deletes a product with its rules and mappings.
   *
   * @return whether it existed
   */
  public Mono<Boolean> deleteProduct(String code) {
    return db.sql("DELETE FROM benefit.card_products WHERE code = :code")
        .bind("code", code)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  private Mono<BenefitRule> insertRule(BenefitRule r) {
    var spec =
        db.sql(
            "INSERT INTO benefit.benefit_rules (product_code, mcc, mcc_group, rate_bp, fixed_units,"
                + " monthly_cap_units, min_spend_minor, valid_from, valid_to, description) VALUES"
                + " (:product, :mcc, :grp, :rate, :fixed, :cap, :min, :from, :to, :descr)"
                + " RETURNING *");
    spec = spec.bind("product", r.productCode());
    spec = r.mcc() == null ? spec.bindNull("mcc", String.class) : spec.bind("mcc", r.mcc());
    spec =
        r.mccGroup() == null ? spec.bindNull("grp", String.class) : spec.bind("grp", r.mccGroup());
    spec =
        r.rateBp() == null ? spec.bindNull("rate", Integer.class) : spec.bind("rate", r.rateBp());
    spec =
        r.fixedUnits() == null
            ? spec.bindNull("fixed", Long.class)
            : spec.bind("fixed", r.fixedUnits());
    spec =
        r.monthlyCapUnits() == null
            ? spec.bindNull("cap", Long.class)
            : spec.bind("cap", r.monthlyCapUnits());
    spec =
        r.minSpendMinor() == null
            ? spec.bindNull("min", Long.class)
            : spec.bind("min", r.minSpendMinor());
    spec =
        r.validFrom() == null
            ? spec.bindNull("from", LocalDate.class)
            : spec.bind("from", r.validFrom());
    spec =
        r.validTo() == null ? spec.bindNull("to", LocalDate.class) : spec.bind("to", r.validTo());
    spec =
        r.description() == null
            ? spec.bindNull("descr", String.class)
            : spec.bind("descr", r.description());
    return spec.map(CatalogRepository::rule).one();
  }

  private static List<MccGroup> groups(List<Object[]> rows) {
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, List<MccRange>> ranges = new LinkedHashMap<>();
    for (Object[] row : rows) {
      String code = (String) row[0];
      names.put(code, (String) row[1]);
      List<MccRange> list = ranges.computeIfAbsent(code, k -> new ArrayList<>());
      if (row[2] != null) {
        list.add(new MccRange((Integer) row[2], (Integer) row[3]));
      }
    }
    List<MccGroup> groups = new ArrayList<>();
    names.forEach((code, name) -> groups.add(new MccGroup(code, name, ranges.get(code))));
    return groups;
  }

  private static CardProduct product(Readable r) {
    return new CardProduct(
        r.get("code", String.class),
        r.get("issuer", String.class),
        r.get("name", String.class),
        r.get("brand", String.class),
        CardType.valueOf(r.get("card_type", String.class)),
        RewardKind.valueOf(r.get("reward_kind", String.class)),
        r.get("point_value_milli", Long.class),
        r.get("currency", String.class),
        r.get("annual_fee_minor", Long.class),
        r.get("publicly_offered", Boolean.class));
  }

  private static BenefitRule rule(Readable r) {
    return new BenefitRule(
        r.get("id", Long.class),
        r.get("product_code", String.class),
        r.get("mcc", String.class),
        r.get("mcc_group", String.class),
        r.get("rate_bp", Integer.class),
        r.get("fixed_units", Long.class),
        r.get("monthly_cap_units", Long.class),
        r.get("min_spend_minor", Long.class),
        r.get("valid_from", LocalDate.class),
        r.get("valid_to", LocalDate.class),
        r.get("description", String.class));
  }

  private static CardType cardType(String value) {
    return value == null ? null : CardType.valueOf(value);
  }
}
