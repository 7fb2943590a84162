package io.paystream.simulator.report;

import io.paystream.simulator.replay.HttpJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link RunReport} as a text table, as {@code report.json} and as a self-contained {@code
 * report.html} (inline SVG charts, no network).
 */
public final class ReportWriter {

  private ReportWriter() {}

  /** Writes {@code report.json} and {@code report.html} into {@code dir} (created). */
  public static void write(RunReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("report.json"),
        HttpJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report),
        StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.html"), html(report), StandardCharsets.UTF_8);
  }

  /** The report as a plain-text table. */
  public static String table(RunReport r) {
    StringBuilder sb = new StringBuilder();
    row(sb, "source", r.source());
    row(sb, "wall time", r.wallSeconds() + " s");
    row(sb, "dataset payments / replayed", r.datasetTransactions() + " / " + r.replayed());
    map(sb, "skipped", r.skipped());
    map(sb, "adjusted", r.adjustments());
    map(sb, "registered", r.registration());
    row(sb, "sent", String.valueOf(r.sent()));
    row(sb, "accepted", String.valueOf(r.accepted()));
    map(sb, "rejected", r.rejectedByType());
    row(
        sb,
        "retries / throttled / replays",
        r.retries() + " / " + r.throttled() + " / " + r.idempotentReplays());
    map(sb, "final states", r.finalStates());
    map(sb, "verification", r.verification());
    map(sb, "fraud vs outcome", r.fraud());
    map(sb, "loyalty / benefit", r.value());
    row(sb, "throughput", r.throughput().acceptedPerSecond() + " accepted/s");
    row(sb, "accept latency ms", latency(r.acceptLatency()));
    row(sb, "accept->decision ms", latency(r.decisionLatency()));
    for (RunReport.CheckResult c : r.checks()) {
      row(sb, "check " + c.status(), c.name() + " (" + c.detail() + ")");
    }
    String line = "-".repeat(78) + "\n";
    return line + sb + line;
  }

  private static String latency(RunReport.Latency l) {
    return String.format(
        Locale.ROOT,
        "p50 %d  p95 %d  p99 %d  max %d  (n=%d)",
        l.p50(),
        l.p95(),
        l.p99(),
        l.max(),
        l.count());
  }

  private static void row(StringBuilder sb, String key, String value) {
    sb.append(String.format(Locale.ROOT, "%-30s %s%n", key, value));
  }

  private static void map(StringBuilder sb, String key, Map<String, Long> values) {
    if (values == null || values.isEmpty()) {
      row(sb, key, "-");
      return;
    }
    boolean first = true;
    for (Map.Entry<String, Long> e : values.entrySet()) {
      row(sb, first ? key : "", e.getKey() + " = " + e.getValue());
      first = false;
    }
  }

  static String html(RunReport r) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>paystream replay report</title><style>"
        + "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
        + "pre{background:#f6f6f6;padding:1em;overflow:auto}"
        + "h2{margin-top:1.5em}svg{background:#fff;border:1px solid #ddd}</style></head><body>"
        + "<h1>paystream replay report</h1>"
        + "<h2>Throughput (accepted payments per second)</h2>"
        + throughputSvg(r.throughput().perSecond())
        + "<h2>Latency percentiles (ms)</h2>"
        + latencySvg(r)
        + "<h2>Summary</h2><pre>"
        + escape(table(r))
        + "</pre></body></html>\n";
  }

  public static String throughputSvg(long[] series) {
    int w = 720;
    int h = 220;
    int pad = 40;
    long max = 1;
    for (long v : series) {
      max = Math.max(max, v);
    }
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < series.length; i++) {
      double x = pad + (series.length <= 1 ? 0 : (double) i * (w - 2 * pad) / (series.length - 1));
      double y = h - pad - (double) series[i] * (h - 2 * pad) / max;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    return String.format(
        Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">"
            + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
            + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
            + "<text x=\"4\" y=\"%d\" font-size=\"11\">%d/s</text>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%d s</text>"
            + "<polyline fill=\"none\" stroke=\"#2a6fdb\" stroke-width=\"2\" points=\"%s\"/></svg>",
        w,
        h,
        pad,
        h - pad,
        w - pad,
        h - pad,
        pad,
        pad,
        pad,
        h - pad,
        pad + 4,
        max,
        w - pad - 30,
        h - pad + 16,
        series.length,
        points.toString().trim());
  }

  static String latencySvg(RunReport r) {
    String[] labels = {"p50", "p95", "p99", "max"};
    long[][] values = {
      {
        r.acceptLatency().p50(),
        r.acceptLatency().p95(),
        r.acceptLatency().p99(),
        r.acceptLatency().max()
      },
      {
        r.decisionLatency().p50(),
        r.decisionLatency().p95(),
        r.decisionLatency().p99(),
        r.decisionLatency().max()
      }
    };
    String[] series = {"accept", "accept→decision"};
    String[] colors = {"#2a6fdb", "#e07b24"};
    long max = 1;
    for (long[] vs : values) {
      for (long v : vs) {
        max = Math.max(max, v);
      }
    }
    int w = 720;
    int h = 240;
    int pad = 40;
    double group = (w - 2.0 * pad) / labels.length;
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            w,
            h));
    for (int i = 0; i < labels.length; i++) {
      for (int s = 0; s < series.length; s++) {
        double bh = (double) values[s][i] * (h - 2 * pad) / max;
        double x = pad + i * group + 10 + s * (group / 2 - 8);
        sb.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">%d</text>",
                x,
                h - pad - bh,
                group / 2 - 12,
                bh,
                colors[s],
                x,
                h - pad - bh - 3,
                values[s][i]));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">%s</text>",
              pad + i * group + group / 2 - 10,
              h - pad + 16,
              labels[i]));
    }
    for (int s = 0; s < series.length; s++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s (ms)</text>",
              pad + s * 180,
              8,
              colors[s],
              pad + 14 + s * 180,
              17,
              escape(series[s])));
    }
    return sb.append("</svg>").toString();
  }

  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
