package io.paystream.benefit.api;

import io.paystream.benefit.catalog.BenefitRule;
import io.paystream.benefit.catalog.CardProduct;
import io.paystream.benefit.catalog.CatalogService;
import io.paystream.benefit.catalog.CatalogSnapshot;
import io.paystream.benefit.catalog.MccGroup;
import io.paystream.benefit.catalog.RewardKind;
import io.paystream.contracts.event.CardType;
import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import io.paystream.platform.problem.ProblemTypes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Catalog administration (scope {@code admin}): {@code GET /v1/admin/benefits/catalog}, {@code PUT
 * /v1/admin/benefits/products/{code}} (create or replace a product with all its rules), {@code
 * DELETE /v1/admin/benefits/products/{code}}. An invalid rule is a 400 problem naming the rule.
 */
@RestController
public class CatalogAdminController {

  private final CatalogService catalogs;

  public CatalogAdminController(CatalogService catalogs) {
    this.catalogs = catalogs;
  }

  /** The whole catalog. */
  @GetMapping("/v1/admin/benefits/catalog")
  public Mono<CatalogSnapshot> catalog() {
    return catalogs.current().map(c -> c.snapshot());
  }

  /** Creates or replaces a product and its rules; answers the product's rules as stored. */
  @PutMapping("/v1/admin/benefits/products/{code}")
  public Mono<ProductView> put(@PathVariable String code, @Valid @RequestBody ProductRequest body) {
    CardProduct product;
    List<BenefitRule> rules = new ArrayList<>();
    try {
      product =
          new CardProduct(
              code,
              body.issuer(),
              body.name(),
              body.brand(),
              body.type(),
              body.rewardKind(),
              pointValueMilli(body),
              body.currency(),
              body.annualFeeMinor() == null ? 0 : body.annualFeeMinor(),
              body.publiclyOffered() == null || body.publiclyOffered());
      for (int i = 0; i < body.rules().size(); i++) {
        RuleRequest r = body.rules().get(i);
        try {
          rules.add(
              new BenefitRule(
                  0,
                  code,
                  r.mcc(),
                  r.mccGroup(),
                  r.rateBp(),
                  r.fixedUnits(),
                  r.monthlyCapUnits(),
                  r.minSpendMinor(),
                  r.validFrom(),
                  r.validTo(),
                  r.description()));
        } catch (IllegalArgumentException e) {
          throw invalid("rules[" + i + "]", e.getMessage());
        }
      }
    } catch (IllegalArgumentException e) {
      throw invalid("product", e.getMessage());
    }
    return catalogs
        .current()
        .flatMap(
            catalog -> {
              Set<String> groups =
                  catalog.snapshot().groups().stream()
                      .map(MccGroup::code)
                      .collect(Collectors.toSet());
              for (int i = 0; i < rules.size(); i++) {
                String g = rules.get(i).mccGroup();
                if (g != null && !groups.contains(g)) {
                  return Mono.error(invalid("rules[" + i + "].mccGroup", "unknown MCC group"));
                }
              }
              return catalogs.replaceProduct(product, rules);
            })
        .map(
            snapshot ->
                new ProductView(
                    product,
                    snapshot.rules().stream().filter(r -> r.productCode().equals(code)).toList()));
  }

  /** Deletes a product with its rules and mappings. */
  @DeleteMapping("/v1/admin/benefits/products/{code}")
  public Mono<ResponseEntity<Void>> delete(@PathVariable String code) {
    return catalogs
        .deleteProduct(code)
        .flatMap(
            found ->
                found
                    ? Mono.just(ResponseEntity.noContent().<Void>build())
                    : Mono.error(
                        new PaystreamProblem(
                            HttpStatus.NOT_FOUND,
                            ProblemTypes.NOT_FOUND,
                            "Not found",
                            "No such product")));
  }

  private static long pointValueMilli(ProductRequest body) {
    if (body.rewardKind() == RewardKind.CASHBACK) {
      return 1000;
    }
    if (body.pointValueMilli() == null) {
      throw invalid("pointValueMilli", "required for a points product");
    }
    return body.pointValueMilli();
  }

  private static PaystreamProblem invalid(String field, String reason) {
    return new PaystreamProblem(
            HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", reason)
        .with("errors", List.of(new FieldError(field, reason)));
  }

  /**
   * A product as stored.
   *
   * @param product the product
   * @param rules its rules with their ids
   */
  public record ProductView(CardProduct product, List<BenefitRule> rules) {}

  /**
   * Body of {@code PUT /v1/admin/benefits/products/{code}}. Amounts in minor units of {@code
   * currency}; see {@link CardProduct} and {@link BenefitRule}. {@code pointValueMilli} is required
   * for points products (cash back is always 1000); {@code annualFeeMinor} defaults to 0 and {@code
   * publiclyOffered} to true.
   */
  public record ProductRequest(
      @NotBlank String issuer,
      @NotBlank String name,
      @NotBlank String brand,
      @NotNull CardType type,
      @NotNull RewardKind rewardKind,
      @Min(0) Long pointValueMilli,
      @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
      @Min(0) Long annualFeeMinor,
      Boolean publiclyOffered,
      @NotNull List<@Valid @NotNull RuleRequest> rules) {}

  /** One rule of a {@link ProductRequest}. */
  public record RuleRequest(
      @Pattern(regexp = "[0-9]{4}") String mcc,
      String mccGroup,
      Integer rateBp,
      Long fixedUnits,
      Long monthlyCapUnits,
      Long minSpendMinor,
      LocalDate validFrom,
      LocalDate validTo,
      String description) {}
}
