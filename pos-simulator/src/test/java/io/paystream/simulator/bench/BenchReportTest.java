package io.paystream.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.simulator.replay.HttpJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BenchReportTest {

  static BenchReport report() {
    StepResult step =
        StepSummariser.summarise(
            StepSummariserTest.measurement(
                100,
                1_000,
                StepSummariserTest.micros(5_000),
                StepSummariserTest.micros(300_000),
                0,
                0,
                Map.of()),
            Limits.DEFAULT);
    Map<String, Object> anchors = new LinkedHashMap<>();
    anchors.put("kafka", new Anchors.KafkaAnchor(100_000, 20_134, 21_146));
    anchors.put("pgbench", new Anchors.PgbenchAnchor(100, 3, 10, 50, 5_000));
    anchors.put(
        "wrk",
        new Anchors.WrkAnchor(
            2,
            32,
            10,
            new Anchors.WrkRun("http://127.0.0.1:8081/v1/payments/x", 4000, 5, 20, 40_000, 0),
            new Anchors.WrkRun("http://127.0.0.1:8080/v1/payments/x", 1000, 20, 80, 10_000, 0)));
    anchors.put("ratios", FleetBench.ratios(anchors, List.of(step)));
    return new BenchReport(
        "2026-12-03T10:00:00Z",
        "2026-12-03T10:06:00Z",
        true,
        Map.of("steps", List.of(100.0)),
        Limits.DEFAULT,
        List.of(step),
        FleetBench.bestRate(List.of(step)),
        null,
        anchors,
        List.of("noisy <machine>"));
  }

  @Test
  void theJsonHasTheFieldsTheIssueNames() {
    JsonNode json = HttpJson.JSON.readTree(HttpJson.JSON.writeValueAsString(report()));

    JsonNode step = json.path("steps").path(0);
    for (String field :
        List.of(
            "offeredPerSec",
            "acceptedPerSec",
            "decidedPerSec",
            "acceptP50Ms",
            "acceptP99Ms",
            "acceptMaxMs",
            "decisionP50Ms",
            "decisionP99Ms",
            "decisionMaxMs",
            "lost",
            "duplicated",
            "lagAtEnd",
            "errors",
            "soak")) {
      assertThat(step.has(field)).as(field).isTrue();
    }
    assertThat(step.path("offeredPerSec").asDouble()).isEqualTo(100.0);
    assertThat(step.path("soak").isBoolean()).isTrue();
    assertThat(step.path("cpuMsPerPayment").path("total").asDouble()).isEqualTo(10.0);
    assertThat(step.path("cpuMsPerPayment").path("byProcess").path("payment-api").asDouble())
        .isEqualTo(6.0);
    assertThat(step.path("cpuMsPerPayment").path("byProcess").has(FleetProcesses.LOAD_GENERATOR))
        .isFalse();
    assertThat(step.path("cpuMsPerPayment").path("loadGenerator").asDouble()).isEqualTo(0.5);
    JsonNode anchors = json.path("anchors");
    assertThat(anchors.path("kafka").path("consumePerSec").asDouble()).isEqualTo(21_146.0);
    assertThat(anchors.path("pgbench").path("paymentsPerSec").asDouble()).isEqualTo(5_000.0);
    assertThat(anchors.path("wrk").path("gateway").path("requestsPerSec").asDouble())
        .isEqualTo(1000.0);
    assertThat(anchors.path("ratios").path("gatewayOverDirect").asDouble()).isEqualTo(0.25);
    assertThat(anchors.path("ratios").path("decidedOverPgbenchPayments").asDouble())
        .isEqualTo(0.02);
    assertThat(json.path("bestOfferedPerSec").asDouble()).isEqualTo(100.0);
  }

  @Test
  void theHtmlIsSelfContainedWithTheThreeCharts() {
    String html = HtmlReport.render(report());

    assertThat(html).doesNotContain("<script", "src=\"http", "href=\"http");
    assertThat(html.split("<svg", -1)).hasSize(4);
    assertThat(html).contains("<polyline", "<rect", "payment-api", "noisy &lt;machine&gt;");
  }

  @Test
  void theMarkdownTableHasOneRowPerStep() {
    String table = FleetBench.table(report());

    assertThat(table.lines()).hasSize(3);
    assertThat(table.lines().toList().get(2))
        .startsWith("| 2 | 100 | 100.0 | 100.0 | 5 / 5 | 300 / 300 | 0 | 0 | 0 | 0 | 10.0 |");
  }
}
