package io.paystream.fds.api;

import io.paystream.fds.rules.FraudRuleSetRegistry;
import io.paystream.fds.rules.FraudRuleSetStore;
import io.paystream.fds.rules.StoredRuleSet;
import io.paystream.fds.ruleset.InvalidRuleSetException;
import io.paystream.fds.ruleset.RuleCompiler;
import io.paystream.fds.ruleset.RuleDefinition;
import io.paystream.fds.ruleset.RuleError;
import io.paystream.fds.ruleset.RuleSetDefinition;
import io.paystream.fds.ruleset.RuleSets;
import io.paystream.platform.problem.PaystreamProblem;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The fraud rule set for operators (scope {@code admin}): read it, replace it (optimistic
 * concurrency: {@code If-Match} with the version's ETag), list and read past versions. A saved set
 * is stored as a new version in {@code ledger.fraud_rule_sets} (who, when, why) and reaches every
 * replica through {@code NOTIFY} within seconds, no restart.
 */
@RestController
public class FraudRulesController {

  private final FraudRuleSetStore store;
  private final FraudRuleSetRegistry registry;

  public FraudRulesController(FraudRuleSetStore store, FraudRuleSetRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  /**
   * A rule set and what this replica applies.
   *
   * @param version the set's version (0 = the built-in default, never saved)
   * @param rules the rules, in evaluation order
   * @param createdBy who saved it ({@code built-in} for version 0)
   * @param createdAt when ({@code null} for version 0)
   * @param reason why it was saved
   * @param appliedVersion the version the answering replica applies now
   */
  public record FraudRuleSetView(
      long version,
      List<RuleDefinition> rules,
      String createdBy,
      OffsetDateTime createdAt,
      String reason,
      long appliedVersion) {}

  /**
   * A new rule set.
   *
   * @param rules the rules (see docs/services/fds-service.md "Rules")
   * @param reason why, recorded with the version; required
   */
  public record FraudRuleSetUpdate(List<RuleDefinition> rules, String reason) {}

  /**
   * One past version, without its rules.
   *
   * @param version the version
   * @param createdBy who saved it
   * @param createdAt when
   * @param reason why
   * @param ruleCount how many rules it has
   */
  public record FraudRuleSetVersion(
      long version, String createdBy, OffsetDateTime createdAt, String reason, int ruleCount) {}

  /** The set in force (the latest saved, else the default), with its ETag {@code "<version>"}. */
  @GetMapping("/v1/admin/fraud-rules")
  public Mono<ResponseEntity<FraudRuleSetView>> get() {
    return store
        .latest()
        .map(this::view)
        .defaultIfEmpty(defaults())
        .map(v -> ResponseEntity.ok().eTag(etag(v.version())).body(v));
  }

  /**
   * Replaces the set: parsed and type-checked first; stored as the next version only if {@code
   * If-Match} names the version in force.
   *
   * @return 200 with the new version and its ETag; 400 {@code invalid-rule-set} listing each error
   *     with its rule, field, line and column; 400 {@code invalid-request} without a reason; 428
   *     {@code precondition-required} without {@code If-Match}; 412 {@code precondition-failed}
   *     when another version was saved since
   */
  @PutMapping("/v1/admin/fraud-rules")
  public Mono<ResponseEntity<FraudRuleSetView>> put(
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody FraudRuleSetUpdate update,
      @AuthenticationPrincipal Jwt jwt) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return Mono.error(
          new PaystreamProblem(
              HttpStatus.PRECONDITION_REQUIRED,
              "precondition-required",
              "If-Match required",
              "send If-Match with the ETag of the rule set you changed (GET /v1/admin/fraud-rules)"));
    }
    long expected;
    try {
      expected = Long.parseLong(ifMatch.trim().replaceFirst("^W/", "").replace("\"", ""));
    } catch (NumberFormatException e) {
      return Mono.error(stale(ifMatch));
    }
    if (update == null || update.reason() == null || update.reason().isBlank()) {
      return Mono.error(
          new PaystreamProblem(
              HttpStatus.BAD_REQUEST,
              "invalid-request",
              "Invalid request",
              "reason is required: say why the rules change"));
    }
    RuleSetDefinition definition = new RuleSetDefinition(update.rules());
    try {
      RuleCompiler.compile(definition, expected + 1);
    } catch (InvalidRuleSetException e) {
      RuleError first = e.errors().getFirst();
      return Mono.error(
          new PaystreamProblem(
                  HttpStatus.BAD_REQUEST,
                  "invalid-rule-set",
                  "Invalid fraud rule set",
                  e.getMessage())
              .with("errors", e.errors())
              .with("line", first.line())
              .with("column", first.column()));
    }
    return store
        .append(expected, RuleSets.toJson(definition), jwt.getSubject(), update.reason())
        .switchIfEmpty(Mono.error(() -> stale(ifMatch)))
        .flatMap(stored -> registry.reload().thenReturn(stored))
        .map(this::view)
        .map(v -> ResponseEntity.ok().eTag(etag(v.version())).body(v));
  }

  /** The 100 latest saved versions, newest first. */
  @GetMapping("/v1/admin/fraud-rules/versions")
  public Mono<List<FraudRuleSetVersion>> versions() {
    return store
        .versions(100)
        .map(
            s ->
                new FraudRuleSetVersion(
                    s.version(),
                    s.createdBy(),
                    s.createdAt(),
                    s.reason(),
                    RuleSets.parse(s.rulesJson()).rules().size()))
        .collectList();
  }

  /** One saved version (0 = the built-in default). */
  @GetMapping("/v1/admin/fraud-rules/versions/{version}")
  public Mono<FraudRuleSetView> version(@PathVariable long version) {
    if (version == 0) {
      return Mono.just(defaults());
    }
    return store
        .version(version)
        .map(this::view)
        .switchIfEmpty(
            Mono.error(
                () ->
                    new PaystreamProblem(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "Not found",
                        "no fraud rule set version " + version)));
  }

  private FraudRuleSetView view(StoredRuleSet s) {
    return new FraudRuleSetView(
        s.version(),
        RuleSets.parse(s.rulesJson()).rules(),
        s.createdBy(),
        s.createdAt(),
        s.reason(),
        registry.current().version());
  }

  private FraudRuleSetView defaults() {
    return new FraudRuleSetView(
        0,
        RuleSets.defaults().definition().rules(),
        "built-in",
        null,
        "the default rule set shipped with fds-service",
        registry.current().version());
  }

  private static PaystreamProblem stale(String ifMatch) {
    return new PaystreamProblem(
        HttpStatus.PRECONDITION_FAILED,
        "precondition-failed",
        "Rule set changed",
        "If-Match "
            + ifMatch
            + " is not the version in force: read it again (GET /v1/admin/fraud-rules)");
  }

  private static String etag(long version) {
    return "\"" + version + "\"";
  }
}
