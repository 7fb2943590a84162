package io.paystream.simulator.chaos;

import io.paystream.simulator.report.ReportWriter;
import io.paystream.simulator.report.RunReport;
import java.util.Locale;
import java.util.Map;

/** {@code .run/chaos/report.html}: the scenario table, then each scenario's checks and series. */
final class ChaosHtml {

  private ChaosHtml() {}

  static String render(ChaosReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>paystream chaos</title>")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
        .append("td.l,th.l{text-align:left}.FAIL{color:#b00;font-weight:bold}.PASS{color:#070}")
        .append("</style></head><body><h1>paystream chaos run</h1><p>")
        .append(esc(r.startedAt() + " → " + r.finishedAt() + ", commit " + r.commit()))
        .append("</p><p>")
        .append(esc(String.valueOf(r.settings())))
        .append("</p>");
    sb.append(
        "<table><tr><th class=l>scenario</th><th>accepted</th><th>lost</th><th>duplicated</th>"
            + "<th>recovery s</th><th>held / completed</th><th class=l>client errors</th>"
            + "<th class=l>checks</th></tr>");
    for (ChaosReport.Scenario s : r.scenarios()) {
      sb.append("<tr><td class=l><a href=\"#")
          .append(esc(s.name()))
          .append("\">")
          .append(esc(s.name()))
          .append("</a></td><td>")
          .append(s.accepted())
          .append("</td><td class=")
          .append(s.lost() == 0 ? "PASS" : "FAIL")
          .append('>')
          .append(s.lost())
          .append("</td><td class=")
          .append(s.duplicated() == 0 ? "PASS" : "FAIL")
          .append('>')
          .append(s.duplicated())
          .append("</td><td>")
          .append(s.recoverySeconds() == null ? "not recovered" : fmt(s.recoverySeconds()))
          .append("</td><td>")
          .append(s.held())
          .append(" / ")
          .append(s.heldCompleted())
          .append("</td><td class=l>")
          .append(esc(map(s.clientErrors())))
          .append("</td><td class=l>")
          .append(s.passed() ? "<span class=PASS>all pass</span>" : "<span class=FAIL>FAIL</span>")
          .append("</td></tr>");
    }
    sb.append("</table>");
    if (r.fuzz() != null) {
      GatewayFuzz.Result f = r.fuzz();
      sb.append("<h2 id=\"gateway-fuzz\">Gateway fuzz</h2><p>")
          .append(
              esc(
                  String.format(
                      Locale.ROOT,
                      "%d requests in %.0f s: %d × 5xx, %d hangs, %d closed without an answer,"
                          + " %d 4xx not problem+json; by status %s; by category %s",
                      f.requests(),
                      f.seconds(),
                      f.serverErrors(),
                      f.hangs(),
                      f.connectionErrors(),
                      f.notProblemJson(),
                      f.byStatus(),
                      f.byCategory())))
          .append("</p><p>problem types: ")
          .append(esc(String.valueOf(f.problemTypes())))
          .append("</p><ul>");
      f.findings().forEach(x -> sb.append("<li>").append(esc(x)).append("</li>"));
      sb.append("</ul>");
    }
    for (RunReport.CheckResult c : r.finalChecks()) {
      sb.append("<p class=")
          .append(c.status())
          .append('>')
          .append(esc(c.name() + ": " + c.status() + " — " + c.detail()))
          .append("</p>");
    }
    for (ChaosReport.Scenario s : r.scenarios()) {
      sb.append("<h2 id=\"")
          .append(esc(s.name()))
          .append("\">")
          .append(esc(s.name()))
          .append("</h2><p>")
          .append(
              esc(
                  String.format(
                      Locale.ROOT,
                      "%s; offered %.0f/s, baseline %.1f accepted/s, sent %d, fault at %d s,"
                          + " healed at %d s (heal took %.1f s); gave up %s; lost by %s;"
                          + " processed without a 202: %d; cardholder %s",
                      s.fault(),
                      s.offeredPerSec(),
                      s.baselinePerSec(),
                      s.sent(),
                      s.faultAtSecond(),
                      s.healedAtSecond(),
                      s.healSeconds(),
                      s.gaveUp(),
                      s.lostBy(),
                      s.processedWithout202(),
                      s.cardholder())))
          .append("</p><ul>");
      for (RunReport.CheckResult c : s.checks()) {
        sb.append("<li class=")
            .append(c.status())
            .append('>')
            .append(esc(c.name() + ": " + c.status() + " — " + c.detail()))
            .append("</li>");
      }
      sb.append("</ul><p>accepted per second</p>")
          .append(ReportWriter.throughputSvg(s.acceptedPerSecond()))
          .append("<p>decided per second (ledger rows)</p>")
          .append(ReportWriter.throughputSvg(s.decidedPerSecond()));
    }
    r.notes().forEach(n -> sb.append("<p><small>").append(esc(n)).append("</small></p>"));
    return sb.append("</body></html>\n").toString();
  }

  /** The Markdown table of docs/reliability.md. */
  static String markdown(ChaosReport r) {
    StringBuilder sb =
        new StringBuilder(
            "| scenario | accepted | lost | duplicated | recovery s | held / completed | client"
                + " errors | failed checks |\n|---|---|---|---|---|---|---|---|\n");
    for (ChaosReport.Scenario s : r.scenarios()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %s | %d / %d | %s | %s |%n",
              s.name(),
              s.accepted(),
              s.lost(),
              s.duplicated(),
              s.recoverySeconds() == null ? "not recovered" : fmt(s.recoverySeconds()),
              s.held(),
              s.heldCompleted(),
              map(s.clientErrors()),
              s.checks().stream()
                  .filter(RunReport.CheckResult::failed)
                  .map(RunReport.CheckResult::name)
                  .reduce((a, b) -> a + "; " + b)
                  .orElse("none")));
    }
    return sb.toString();
  }

  /** Problem types shortened to their last path segment. */
  static String map(Map<String, Long> m) {
    if (m == null || m.isEmpty()) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    m.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e -> {
              String k = e.getKey();
              String shortName = k.contains("/") ? k.substring(k.lastIndexOf('/') + 1) : k;
              sb.append(sb.isEmpty() ? "" : ", ")
                  .append(shortName)
                  .append(' ')
                  .append(e.getValue());
            });
    return sb.toString();
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String esc(String s) {
    return ReportWriter.escape(s).replace("\"", "&quot;");
  }
}
