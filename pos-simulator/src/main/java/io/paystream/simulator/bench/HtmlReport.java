package io.paystream.simulator.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code .run/bench/fleet-bench.html}: self-contained (inline SVG drawn here, no script, no CDN):
 * throughput (offered, accepted/s, decided/s) and latency (accept and decision p50/p99, log scale)
 * against offered rate, CPU ms per payment stacked by process for each step, and the table.
 */
public final class HtmlReport {

  private static final String[] COLOURS = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#17becf", "#bcbd22", "#7f7f7f"
  };

  private static final int W = 640;
  private static final int H = 320;
  private static final int L = 60;
  private static final int R = 150;
  private static final int T = 20;
  private static final int B = 40;

  private HtmlReport() {}

  /** The page. */
  public static String render(BenchReport report) {
    List<StepResult> ladder = report.steps().stream().filter(s -> !s.soak()).toList();
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>paystream fleet bench")
        .append("</title><style>body{font:14px sans-serif;margin:2em}table{border-collapse:")
        .append("collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}")
        .append("svg{display:block;margin:1em 0}</style></head><body>")
        .append("<h1>paystream fleet benchmark</h1><p>")
        .append(esc(report.startedAt()))
        .append(" → ")
        .append(esc(report.finishedAt()))
        .append(report.quick() ? " (QUICK)" : "")
        .append(". Highest step meeting the limits: ")
        .append(
            report.bestOfferedPerSec() == null ? "none" : fmt(report.bestOfferedPerSec()) + "/s")
        .append(
            report.stoppedEarly() == null
                ? ""
                : ". Ladder ended early: " + esc(report.stoppedEarly()))
        .append(".</p>");
    h.append("<h2>Throughput against offered rate</h2>");
    h.append(
        lines(
            ladder,
            false,
            "payments/s",
            List.of("offered", "accepted/s", "decided/s"),
            List.of(
                StepResult::offeredPerSec, StepResult::acceptedPerSec, StepResult::decidedPerSec)));
    h.append("<h2>Latency against offered rate (ms, log scale)</h2>");
    h.append(
        lines(
            ladder,
            true,
            "ms",
            List.of("accept p50", "accept p99", "decision p50", "decision p99"),
            List.of(
                StepResult::acceptP50Ms,
                StepResult::acceptP99Ms,
                StepResult::decisionP50Ms,
                StepResult::decisionP99Ms)));
    h.append("<h2>CPU per payment by process (ms, load generator not included)</h2>");
    h.append(stacked(report.steps()));
    h.append("<h2>Steps</h2><table><tr><th>step</th><th>offered/s</th><th>accepted/s</th>")
        .append("<th>decided/s</th><th>accept p50/p99/max ms</th><th>decision p50/p99/max ms</th>")
        .append("<th>lost</th><th>dup</th><th>lag</th><th>errors</th><th>CPU ms/payment</th>")
        .append("<th>load gen ms/payment</th><th>limits</th></tr>");
    for (StepResult s : report.steps()) {
      h.append("<tr><td>")
          .append(s.step())
          .append(s.soak() ? " soak" : "")
          .append("</td><td>")
          .append(fmt(s.offeredPerSec()))
          .append("</td><td>")
          .append(fmt(s.acceptedPerSec()))
          .append("</td><td>")
          .append(fmt(s.decidedPerSec()))
          .append("</td><td>")
          .append(
              fmt(s.acceptP50Ms()) + " / " + fmt(s.acceptP99Ms()) + " / " + fmt(s.acceptMaxMs()))
          .append("</td><td>")
          .append(
              fmt(s.decisionP50Ms())
                  + " / "
                  + fmt(s.decisionP99Ms())
                  + " / "
                  + fmt(s.decisionMaxMs()))
          .append("</td><td>")
          .append(s.lost())
          .append("</td><td>")
          .append(s.duplicated())
          .append("</td><td>")
          .append(s.lagAtEnd())
          .append("</td><td>")
          .append(esc(s.errors().toString()))
          .append("</td><td>")
          .append(fmt(s.cpuMsPerPayment().total()))
          .append("</td><td>")
          .append(fmt(s.cpuMsPerPayment().loadGenerator()))
          .append("</td><td style=\"text-align:left\">")
          .append(s.meetsLimits() ? "met" : esc(String.join("; ", s.limitsMissed())))
          .append("</td></tr>");
    }
    h.append("</table><h2>Anchors</h2><pre>")
        .append(esc(String.valueOf(report.anchors())))
        .append("</pre>");
    for (String n : report.notes()) {
      h.append("<p>").append(esc(n)).append("</p>");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String lines(
      List<StepResult> steps,
      boolean log,
      String unit,
      List<String> names,
      List<ToDoubleFunction<StepResult>> values) {
    StringBuilder s = svgStart();
    if (steps.isEmpty()) {
      return s.append("</svg>").toString();
    }
    double xMax = steps.stream().mapToDouble(StepResult::offeredPerSec).max().orElse(1);
    double yMax = 1;
    double yMin = log ? Double.MAX_VALUE : 0;
    for (ToDoubleFunction<StepResult> f : values) {
      for (StepResult r : steps) {
        double v = f.applyAsDouble(r);
        yMax = Math.max(yMax, v);
        if (log && v > 0) {
          yMin = Math.min(yMin, v);
        }
      }
    }
    if (log) {
      yMin = Math.pow(10, Math.floor(Math.log10(Math.min(yMin, yMax))));
      yMax = Math.pow(10, Math.ceil(Math.log10(yMax)));
      for (double t = yMin; t <= yMax * 1.001; t *= 10) {
        tickY(s, yOf(t, yMin, yMax, true), fmt(t));
      }
    } else {
      yMax = niceCeil(yMax);
      for (int i = 0; i <= 4; i++) {
        tickY(s, yOf(yMax * i / 4, 0, yMax, false), fmt(yMax * i / 4));
      }
    }
    for (StepResult r : steps) {
      double x = xOf(r.offeredPerSec(), xMax);
      s.append(text(x, H - B + 16, fmt(r.offeredPerSec()), "middle"));
    }
    s.append(text(L + (W - L - R) / 2.0, H - 4, "offered payments/s", "middle"));
    s.append(text(12, T + 10, unit, "start"));
    for (int i = 0; i < values.size(); i++) {
      StringBuilder pts = new StringBuilder();
      for (StepResult r : steps) {
        double v = values.get(i).applyAsDouble(r);
        if (log && v <= 0) {
          continue;
        }
        double x = xOf(r.offeredPerSec(), xMax);
        double y = yOf(v, yMin, yMax, log);
        pts.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        s.append("<circle cx=\"" + fmt(x) + "\" cy=\"" + fmt(y) + "\" r=\"3\" fill=\"")
            .append(COLOURS[i % COLOURS.length])
            .append("\"/>");
      }
      s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(COLOURS[i % COLOURS.length])
          .append(i == 0 && !log ? "\" stroke-dasharray=\"4 3" : "")
          .append("\" points=\"")
          .append(pts.toString().trim())
          .append("\"/>");
      legend(s, i, names.get(i));
    }
    return s.append("</svg>").toString();
  }

  private static String stacked(List<StepResult> steps) {
    StringBuilder s = svgStart();
    if (steps.isEmpty()) {
      return s.append("</svg>").toString();
    }
    Set<String> processes = new LinkedHashSet<>();
    steps.forEach(r -> processes.addAll(r.cpuMsPerPayment().byProcess().keySet()));
    List<String> names = new ArrayList<>(processes);
    double yMax =
        niceCeil(steps.stream().mapToDouble(r -> r.cpuMsPerPayment().total()).max().orElse(1));
    for (int i = 0; i <= 4; i++) {
      tickY(s, yOf(yMax * i / 4, 0, yMax, false), fmt(yMax * i / 4));
    }
    double slot = (W - L - R) / (double) steps.size();
    for (int k = 0; k < steps.size(); k++) {
      StepResult r = steps.get(k);
      double x = L + k * slot + slot * 0.15;
      double base = 0;
      for (int i = 0; i < names.size(); i++) {
        double v = r.cpuMsPerPayment().byProcess().getOrDefault(names.get(i), 0.0);
        double y0 = yOf(base, 0, yMax, false);
        double y1 = yOf(base + v, 0, yMax, false);
        s.append("<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y1) + "\" width=\"" + fmt(slot * 0.7))
            .append("\" height=\"" + fmt(Math.max(0, y0 - y1)) + "\" fill=\"")
            .append(COLOURS[i % COLOURS.length])
            .append("\"><title>")
            .append(esc(names.get(i)) + " " + fmt(v) + " ms")
            .append("</title></rect>");
        base += v;
      }
      s.append(
          text(
              x + slot * 0.35,
              H - B + 16,
              fmt(r.offeredPerSec()) + (r.soak() ? " soak" : ""),
              "middle"));
    }
    s.append(text(L + (W - L - R) / 2.0, H - 4, "step (offered payments/s)", "middle"));
    s.append(text(12, T + 10, "ms", "start"));
    for (int i = 0; i < names.size(); i++) {
      legend(s, i, names.get(i));
    }
    return s.append("</svg>").toString();
  }

  private static StringBuilder svgStart() {
    StringBuilder s =
        new StringBuilder(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H + "\">");
    s.append("<line x1=\"" + L + "\" y1=\"" + (H - B) + "\" x2=\"" + (W - R) + "\" y2=\"")
        .append((H - B) + "\" stroke=\"#000\"/>")
        .append("<line x1=\"" + L + "\" y1=\"" + T + "\" x2=\"" + L + "\" y2=\"" + (H - B))
        .append("\" stroke=\"#000\"/>");
    return s;
  }

  private static void tickY(StringBuilder s, double y, String label) {
    s.append("<line x1=\"" + L + "\" x2=\"" + (W - R) + "\" y1=\"" + fmt(y) + "\" y2=\"")
        .append(fmt(y) + "\" stroke=\"#eee\"/>")
        .append(text(L - 4, y + 4, label, "end"));
  }

  private static void legend(StringBuilder s, int i, String name) {
    double y = T + 14 + i * 16;
    s.append("<rect x=\"" + (W - R + 10) + "\" y=\"" + fmt(y - 9) + "\" width=\"10\" height=\"10\"")
        .append(" fill=\"" + COLOURS[i % COLOURS.length] + "\"/>")
        .append(text(W - R + 24, y, name, "start"));
  }

  private static String text(double x, double y, String t, String anchor) {
    return "<text x=\""
        + fmt(x)
        + "\" y=\""
        + fmt(y)
        + "\" font-size=\"11\" text-anchor=\""
        + anchor
        + "\">"
        + esc(t)
        + "</text>";
  }

  private static double xOf(double v, double xMax) {
    return L + 10 + (W - L - R - 20) * (v / xMax);
  }

  private static double yOf(double v, double min, double max, boolean log) {
    double f =
        log
            ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
            : (v - min) / (max - min);
    return H - B - (H - B - T) * f;
  }

  static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
