package io.paystream.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.simulator.replay.HttpJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  private final RunReport report =
      new RunReport(
          "generator:seed=42",
          "2030-01-01T00:00:00Z",
          12.5,
          100,
          90,
          Map.of("negative-amount", 10L),
          Map.of(),
          Map.of("cards-accepted", 5L),
          90,
          88,
          Map.of("https://paystream.io/problems/validation", 2L),
          0,
          1,
          3,
          Map.of("COMPLETED", 80L, "DENIED", 5L, "EXPIRED", 3L),
          Map.of("sms-received", 8L),
          Map.of("fraud-held-denied", 5L),
          Map.of("loyalty-vips-granted", 4L, "benefit-tips-sent", 7L),
          new RunReport.Throughput(44.0, new long[] {10, 40, 38}),
          new RunReport.Latency(88, 12, 40, 90, 120, 15.2),
          new RunReport.Latency(85, 300, 2_500, 4_000, 5_000, 600),
          List.of(new RunReport.CheckResult("no duplicate payment ids", "PASS", "0")));

  @Test
  void writesJsonAndASelfContainedHtmlPage(@TempDir Path dir) throws Exception {
    ReportWriter.write(report, dir);

    var json = HttpJson.JSON.readTree(Files.readString(dir.resolve("report.json")));
    assertThat(json.path("accepted").asLong()).isEqualTo(88);
    assertThat(json.path("acceptLatency").path("p99").asLong()).isEqualTo(90);
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<svg", "<polyline", "p99", "COMPLETED = 80");
    assertThat(html).doesNotContain("<script", "<link", "src=\"http");
  }

  @Test
  void tablesEveryReportSection() {
    assertThat(ReportWriter.table(report))
        .contains(
            "accepted",
            "88",
            "validation = 2",
            "EXPIRED = 3",
            "p50 12",
            "check PASS",
            "loyalty-vips-granted = 4",
            "benefit-tips-sent = 7");
  }
}
