package io.paystream.benefit.api;

import io.paystream.benefit.tip.MinorUnits;
import io.paystream.platform.problem.FieldError;
import io.paystream.platform.problem.PaystreamProblem;
import io.paystream.platform.problem.ProblemTypes;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/benefits/customers/{id}/summary?month=YYYY-MM}: per card the customer used that
 * month, the benefit earned against the best possible with the cards they hold and with the
 * catalog. Only for the customer themself (token claim {@code customer_id}) or scope {@code admin};
 * anyone else gets 404, as for an unknown customer, so ids cannot be probed.
 */
@RestController
public class BenefitSummaryController {

  private final DatabaseClient db;

  public BenefitSummaryController(DatabaseClient db) {
    this.db = db;
  }

  /** The summary; {@code month} defaults to the current UTC month. */
  @GetMapping("/v1/benefits/customers/{customerId}/summary")
  public Mono<BenefitSummary> summary(
      @PathVariable String customerId,
      @RequestParam(required = false) String month,
      JwtAuthenticationToken caller) {
    if (!mayRead(caller, customerId)) {
      return Mono.error(notFound(customerId));
    }
    YearMonth ym = parseMonth(month);
    return db.sql(
            "SELECT b.card_token, c.brand, c.last_four, b.currency, count(*) AS payments,"
                + " sum(b.amount_minor) AS spent, sum(b.earned_minor) AS earned,"
                + " sum(b.best_held_minor) AS best_held, sum(b.best_catalog_minor) AS best_any,"
                + " count(*) FILTER (WHERE b.tip_kind <> 'NONE') AS tips"
                + " FROM benefit.payment_benefits b"
                + " JOIN benefit.customer_cards c ON c.card_token = b.card_token"
                + " WHERE b.customer_id = :c AND b.benefit_month = :m"
                + " GROUP BY b.card_token, c.brand, c.last_four, b.currency"
                + " ORDER BY c.brand, c.last_four")
        .bind("c", customerId)
        .bind("m", ym.atDay(1))
        .map(
            r -> {
              String currency = r.get("currency", String.class);
              long earned = num(r.get("earned"));
              long bestHeld = num(r.get("best_held"));
              long bestAny = num(r.get("best_any"));
              return new BenefitSummary.CardSummary(
                  r.get("brand", String.class),
                  r.get("last_four", String.class),
                  num(r.get("payments")),
                  MinorUnits.decimal(num(r.get("spent")), currency),
                  MinorUnits.decimal(earned, currency),
                  MinorUnits.decimal(bestHeld, currency),
                  MinorUnits.decimal(bestAny, currency),
                  MinorUnits.decimal(bestHeld - earned, currency),
                  currency,
                  num(r.get("tips")));
            })
        .all()
        .collectList()
        .map(cards -> new BenefitSummary(customerId, ym.toString(), cards));
  }

  private static long num(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  static boolean mayRead(JwtAuthenticationToken caller, String customerId) {
    if (caller == null) {
      return false;
    }
    boolean admin =
        caller.getAuthorities().stream()
            .map(GrantedAuthority::getAuthority)
            .anyMatch("SCOPE_admin"::equals);
    return admin || customerId.equals(caller.getToken().getClaimAsString("customer_id"));
  }

  private static YearMonth parseMonth(String month) {
    if (month == null || month.isBlank()) {
      return YearMonth.from(LocalDate.now(ZoneOffset.UTC));
    }
    try {
      return YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      throw new PaystreamProblem(
              HttpStatus.BAD_REQUEST,
              ProblemTypes.INVALID_REQUEST,
              "Invalid request",
              "month must be YYYY-MM")
          .with("errors", List.of(new FieldError("month", "must be YYYY-MM")));
    }
  }

  private static PaystreamProblem notFound(String customerId) {
    return new PaystreamProblem(
        HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", "No such customer");
  }

  /**
   * The summary body. Amounts are decimal strings in {@code currency}.
   *
   * @param customerId the customer
   * @param month {@code YYYY-MM} (calendar month of the payments' local dates)
   * @param cards one entry per card and currency used that month
   */
  public record BenefitSummary(String customerId, String month, List<CardSummary> cards) {

    /**
     * One card's month.
     *
     * @param brand card brand
     * @param lastFour last four digits
     * @param payments payments seen
     * @param spent their total
     * @param earned benefit earned with this card
     * @param bestWithYourCards benefit had each payment gone on the best card the customer held
     * @param bestPossible benefit had each gone on the best card held or in the catalog
     * @param missed {@code bestWithYourCards − earned}
     * @param currency ISO 4217 code
     * @param tips tips sent for these payments
     */
    public record CardSummary(
        String brand,
        String lastFour,
        long payments,
        String spent,
        String earned,
        String bestWithYourCards,
        String bestPossible,
        String missed,
        String currency,
        long tips) {}
  }
}
