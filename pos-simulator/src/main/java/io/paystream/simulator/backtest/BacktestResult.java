package io.paystream.simulator.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A backtest's figures.
 *
 * @param version the rule set's version (0 = the built-in default)
 * @param counts the outcome of the counted payments under the whole set
 * @param total payments flagged (held or declined) by the whole set
 * @param perRule payments each rule fired on (active and shadow), by rule
 * @param reissues cards replaced after their holder said {@code NO}
 */
public record BacktestResult(
    long version, Counts counts, Tally total, Map<String, Tally> perRule, long reissues) {

  /** Outcome counts: what the done-when criteria measure. */
  public static final class Counts {
    long fraud;
    long fraudStopped;
    long genuine;
    long genuineSteppedUp;
    long genuineDeclined;
    long genuineCardPresent;
    long genuineCardPresentSteppedUp;

    void add(boolean fraud, boolean cardPresent, boolean held, boolean declined, boolean stopped) {
      if (fraud) {
        this.fraud++;
        if (stopped) {
          fraudStopped++;
        }
        return;
      }
      genuine++;
      if (held) {
        genuineSteppedUp++;
      }
      if (declined) {
        genuineDeclined++;
      }
      if (cardPresent) {
        genuineCardPresent++;
        if (held) {
          genuineCardPresentSteppedUp++;
        }
      }
    }

    /** Labelled fraud payments. */
    public long fraud() {
      return fraud;
    }

    /** Share of fraud held then denied by the cardholder, or declined, in %. */
    public double fraudStoppedPct() {
      return pct(fraudStopped, fraud);
    }

    /** Share of genuine payments held for step-up, in %. */
    public double genuineSteppedUpPct() {
      return pct(genuineSteppedUp, genuine);
    }

    /** Share of genuine payments declined, in %. */
    public double genuineDeclinedPct() {
      return pct(genuineDeclined, genuine);
    }

    /** Share of genuine card-present payments held for step-up, in %. */
    public double genuineCardPresentSteppedUpPct() {
      return pct(genuineCardPresentSteppedUp, genuineCardPresent);
    }

    /** Genuine payments. */
    public long genuine() {
      return genuine;
    }
  }

  /** Payments one rule (or the whole set) flagged, split by label. */
  public static final class Tally {
    long flagged;
    long fraudFlagged;
    long genuineFlagged;
    long genuineCardPresentFlagged;

    void add(boolean fraud, boolean cardPresent, boolean flagged, boolean held, boolean declined) {
      if (!flagged) {
        return;
      }
      this.flagged++;
      if (fraud) {
        fraudFlagged++;
      } else {
        genuineFlagged++;
        if (cardPresent) {
          genuineCardPresentFlagged++;
        }
      }
    }

    /** Payments flagged. */
    public long flagged() {
      return flagged;
    }

    /** Fraud flagged. */
    public long fraudFlagged() {
      return fraudFlagged;
    }
  }

  /** The table printed by the {@code backtest} command. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "%-28s %8s %8s %8s %10s %10s %10s",
            "rule",
            "flagged",
            "fraud",
            "recall%",
            "precision%",
            "genuine%",
            "genuineCP%"));
    for (Map.Entry<String, Tally> e : perRule.entrySet()) {
      out.add(row(e.getKey(), e.getValue()));
    }
    out.add(row("(whole set)", total));
    out.add(
        String.format(
            Locale.ROOT,
            "fraud-labelled %d, genuine %d, reissues %d",
            counts.fraud,
            counts.genuine,
            reissues));
    out.add(
        String.format(
            Locale.ROOT,
            "fraud stopped %.1f %% | genuine stepped up %.2f %% | genuine declined %.3f %%"
                + " | genuine card-present stepped up %.2f %%",
            counts.fraudStoppedPct(),
            counts.genuineSteppedUpPct(),
            counts.genuineDeclinedPct(),
            counts.genuineCardPresentSteppedUpPct()));
    return out;
  }

  private String row(String name, Tally t) {
    return String.format(
        Locale.ROOT,
        "%-28s %8d %8d %8.1f %10.1f %10.2f %10.2f",
        name,
        t.flagged,
        t.fraudFlagged,
        pct(t.fraudFlagged, counts.fraud),
        pct(t.fraudFlagged, t.flagged),
        pct(t.genuineFlagged, counts.genuine),
        pct(t.genuineCardPresentFlagged, counts.genuineCardPresent));
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? 0.0 : 100.0 * part / whole;
  }
}
