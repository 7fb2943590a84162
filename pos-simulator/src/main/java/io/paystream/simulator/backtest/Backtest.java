package io.paystream.simulator.backtest;

import io.paystream.fds.risk.Feature;
import io.paystream.fds.rule.RuleSettings;
import io.paystream.fds.ruleset.CompiledRuleSet;
import io.paystream.fds.ruleset.InvalidRuleSetException;
import io.paystream.fds.ruleset.RuleSets;
import io.paystream.simulator.PosSimulator;
import io.paystream.simulator.model.Dataset;
import io.paystream.simulator.model.Transaction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pos-simulator backtest}: replays a TabFormer or Sparkov file offline through fds-service's
 * decision code with a rule set (default: the built-in one) and prints, per rule and for the set,
 * payments flagged, fraud caught (recall), precision and the share of genuine (card-present)
 * payments flagged, then fraud stopped %, genuine stepped up %, genuine declined %. With {@code
 * --compare} it does the same for a proposed set. With {@code --split} it reports the payments
 * before and from that date separately (tune on the first, judge on the second). Reads the data
 * where it is; needs no fleet.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = "Replays a dataset offline through fds-service's features and rules.")
public final class Backtest implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "Dataset file or directory.")
  Path data;

  @Option(names = "--format", defaultValue = "auto", description = "auto | tabformer | sparkov.")
  String format;

  @Option(names = "--geo-dir", description = "Gazetteer directory (default: <data>/../geo).")
  Path geoDir;

  @Option(
      names = "--rules",
      description = "Rule set JSON ({\"rules\":[...]}); default: fds-service's built-in set.")
  Path rules;

  @Option(names = "--compare", description = "A proposed rule set JSON to compare with --rules.")
  Path compare;

  @Option(
      names = "--split",
      description = "ISO date: report payments before it (train) and from it (test) apart.")
  String split;

  @Option(
      names = "--no-reissue",
      description =
          "Keep every payment after a cardholder's NO on the suspended card (default: the card"
              + " is reissued).")
  boolean noReissue;

  @Option(
      names = "--activate-shadow",
      description = "Run the shadow rules as active: what turning them on would do.")
  boolean activateShadow;

  @Option(
      names = "--features-csv",
      description = "Also write every payment's features, label and date to this CSV (analysis).")
  Path featuresCsv;

  @Override
  public Integer call() throws Exception {
    Dataset dataset = PosSimulator.loadDataset(data, format, geoDir);
    CompiledRuleSet current;
    CompiledRuleSet proposed;
    try {
      current = load(rules);
      proposed = compare == null ? null : load(compare);
      if (activateShadow) {
        current = RuleSets.withShadowActive(current);
        proposed = proposed == null ? null : RuleSets.withShadowActive(proposed);
      }
    } catch (InvalidRuleSetException e) {
      System.err.println("invalid rule set: " + e.getMessage());
      return 2;
    }
    System.out.printf(
        "backtest %s: %d payments, rule set %s%n",
        dataset.source(), dataset.transactions().size(), rules == null ? "built-in" : rules);
    BacktestEngine engine = new BacktestEngine(RuleSettings.DEFAULTS, !noReissue);
    if (featuresCsv != null) {
      writeFeatures(engine, dataset, current);
    }
    report("current", engine, dataset, current);
    if (proposed != null) {
      report("proposed " + compare, engine, dataset, proposed);
    }
    return 0;
  }

  private void report(String label, BacktestEngine engine, Dataset dataset, CompiledRuleSet set) {
    if (split == null) {
      java.lang.management.ThreadMXBean cpu =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long start = cpu.getCurrentThreadCpuTime();
      BacktestResult all = engine.run(dataset, set, t -> true);
      long micros = (cpu.getCurrentThreadCpuTime() - start) / 1_000;
      print(label + " (all)", all);
      System.out.printf(
          "decided %d payments in %d ms of CPU (%.1f us each: features, rules, profile update)%n",
          dataset.transactions().size(),
          micros / 1_000,
          micros / (double) Math.max(1, dataset.transactions().size()));
      return;
    }
    Instant at = PosSimulator.instantOf(split);
    Predicate<Transaction> before = t -> t.occurredAt().toInstant().isBefore(at);
    print(label + " (train: before " + split + ")", engine.run(dataset, set, before));
    print(label + " (test: from " + split + ")", engine.run(dataset, set, before.negate()));
  }

  private static void print(String title, BacktestResult result) {
    System.out.println();
    System.out.println("== " + title);
    result.lines().forEach(System.out::println);
  }

  private void writeFeatures(BacktestEngine engine, Dataset dataset, CompiledRuleSet set)
      throws IOException {
    List<String> names = Arrays.stream(Feature.values()).map(Feature::variable).toList();
    try (BufferedWriter out = Files.newBufferedWriter(featuresCsv)) {
      out.write("id,occurred_at,card,fraud," + String.join(",", names));
      out.newLine();
      engine.run(
          dataset,
          set,
          t -> true,
          (t, f) -> {
            StringBuilder line =
                new StringBuilder()
                    .append(t.transactionId())
                    .append(',')
                    .append(t.occurredAt().toInstant())
                    .append(',')
                    .append(t.cardId())
                    .append(',')
                    .append(t.fraud() ? 1 : 0);
            for (String n : names) {
              Object v = f.variables().get(n);
              line.append(',').append(v instanceof Boolean b ? (b ? "1" : "0") : String.valueOf(v));
            }
            try {
              out.write(line.toString());
              out.newLine();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    System.out.println("features: " + featuresCsv.toAbsolutePath());
  }

  private static CompiledRuleSet load(Path file) throws IOException {
    return file == null ? RuleSets.defaults() : RuleSets.compile(Files.readString(file), 0);
  }
}
