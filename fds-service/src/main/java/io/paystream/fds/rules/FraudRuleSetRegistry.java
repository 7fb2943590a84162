package io.paystream.fds.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paystream.fds.ruleset.CompiledRule;
import io.paystream.fds.ruleset.CompiledRuleSet;
import io.paystream.fds.ruleset.InvalidRuleSetException;
import io.paystream.fds.ruleset.RuleOutcome;
import io.paystream.fds.ruleset.RuleSets;
import io.paystream.platform.postgres.PostgresNotifications;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fraud rule set this replica applies: the highest version in {@code ledger.fraud_rule_sets},
 * compiled once when it is loaded (a payment only evaluates the programs), or the built-in default
 * (version 0) while none is stored.
 *
 * <p>Reloaded on every {@code NOTIFY fraud_rule_sets} (the insert trigger; the platform's {@link
 * PostgresNotifications}, which also signals after each reconnect) and by a fallback poll every
 * {@code fds.fraud-rules.poll-interval} (default 30 s) in case a notification was lost. Only a
 * higher version replaces the current one. A stored set that no longer compiles (e.g. a feature was
 * removed) is logged and skipped; the replica keeps the set it has.
 */
@Component
public class FraudRuleSetRegistry implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(FraudRuleSetRegistry.class);

  private final FraudRuleSetStore store;
  private final ConnectionFactory connectionFactory;
  private final Duration pollInterval;
  private final MeterRegistry meters;
  private final AtomicReference<CompiledRuleSet> current =
      new AtomicReference<>(RuleSets.defaults());
  private final Map<String, Counter> hits = new ConcurrentHashMap<>();
  private volatile Disposable loop;

  public FraudRuleSetRegistry(
      FraudRuleSetStore store,
      ConnectionFactory connectionFactory,
      @Value("${fds.fraud-rules.poll-interval:30s}") Duration pollInterval,
      MeterRegistry meters) {
    this.store = store;
    this.connectionFactory = connectionFactory;
    this.pollInterval = pollInterval;
    this.meters = meters;
    Gauge.builder("fds.rule.set.version", current, c -> c.get().version())
        .description("Version of the fraud rule set this replica applies (0 = built-in default)")
        .register(meters);
  }

  /** The rule set in force on this replica now. */
  public CompiledRuleSet current() {
    return current.get();
  }

  /**
   * Loads the latest stored set and applies it if it is newer than the current one.
   *
   * @return the version in force afterwards
   */
  public Mono<Long> reload() {
    return store
        .latest()
        .map(
            stored -> {
              CompiledRuleSet now = current.get();
              if (stored.version() > now.version()) {
                try {
                  CompiledRuleSet next = RuleSets.compile(stored.rulesJson(), stored.version());
                  if (current.compareAndSet(now, next)) {
                    log.info(
                        "fraud rule set version {} applied ({} rules, by {}: {})",
                        next.version(),
                        next.rules().size(),
                        stored.createdBy(),
                        stored.reason());
                  }
                } catch (InvalidRuleSetException e) {
                  log.error(
                      "fraud rule set version {} does not compile, keeping version {}: {}",
                      stored.version(),
                      now.version(),
                      e.getMessage());
                }
              }
              return current.get().version();
            })
        .defaultIfEmpty(current.get().version());
  }

  /**
   * Counts the rules that fired in {@code outcome}: {@code fds_rule_hits_total{rule, mode, action}}
   * (shadow rules included: that is how a shadow rule is measured before it acts).
   */
  public void count(RuleOutcome outcome) {
    if (outcome == null) {
      return;
    }
    for (CompiledRule r : outcome.fired()) {
      counter(r).increment();
    }
    for (CompiledRule r : outcome.shadowFired()) {
      counter(r).increment();
    }
    for (CompiledRule r : outcome.failed()) {
      meters.counter("fds.rule.errors", "rule", r.name()).increment();
    }
  }

  private Counter counter(CompiledRule r) {
    String key = r.name() + '|' + r.mode().json() + '|' + r.action().json();
    return hits.computeIfAbsent(
        key,
        k ->
            Counter.builder("fds.rule.hits")
                .description("Payments on which a fraud rule fired, by rule, mode and action")
                .tags("rule", r.name(), "mode", r.mode().json(), "action", r.action().json())
                .register(meters));
  }

  @Override
  public synchronized void start() {
    if (loop != null && !loop.isDisposed()) {
      return;
    }
    try {
      reload().block(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      log.warn(
          "fraud rule sets not readable at start, applying version {} until they are: {}",
          current.get().version(),
          e.toString());
    }
    loop =
        Flux.merge(
                PostgresNotifications.listen(
                        connectionFactory, FraudRuleSetStore.CHANNEL, "fraud rule sets")
                    .map(n -> Boolean.TRUE),
                Flux.interval(pollInterval, pollInterval).map(i -> Boolean.TRUE))
            .onBackpressureLatest()
            .concatMap(
                b ->
                    reload()
                        .onErrorResume(
                            e -> {
                              log.debug("fraud rule set reload failed: {}", e.toString());
                              return Mono.empty();
                            }),
                1)
            .subscribe();
  }

  @Override
  public synchronized void stop() {
    Disposable d = loop;
    if (d != null) {
      d.dispose();
    }
    loop = null;
  }

  @Override
  public boolean isRunning() {
    Disposable d = loop;
    return d != null && !d.isDisposed();
  }
}
