package io.paystream.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnchorsTest {

  @Test
  void parsesTheKafkaBenchLines() {
    String out =
        "produced 100,000 payment.requested.v1 events in 4.97 s: 20,134 records/s (acks=all,"
            + " idempotent, CloudEvents binary mode)\n"
            + "consumed 100,000 events in 4.73 s: 21,146 records/s (deserialized, schema-validated)\n";

    assertThat(Anchors.parseKafka(out)).contains(new Anchors.KafkaAnchor(100_000, 20_134, 21_146));
    assertThat(Anchors.parseKafka("Exception in thread main")).isEmpty();
  }

  @Test
  void parsesPgbenchTps() {
    String out =
        "number of transactions actually processed: 512\nlatency average = 58.9 ms\n"
            + "initial connection time = 6.1 ms\ntps = 50.923 (without initial connection time)\n";

    assertThat(Anchors.parsePgbenchTps(out)).contains(50.923);
    assertThat(Anchors.parsePgbenchTps("pgbench: error: connection refused")).isEmpty();
  }

  @Test
  void parsesWrkWithLatencyDistribution() {
    String out =
        """
        Running 10s test @ http://127.0.0.1:8080/v1/payments/x
          2 threads and 32 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency    17.38ms   10.01ms 120.00ms   80.00%
            Req/Sec     0.93k   100.00     1.20k    70.00%
          Latency Distribution
             50%  850.00us
             75%   20.00ms
             90%   30.00ms
             99%    1.20s
          18561 requests in 10.01s, 9.00MB read
          Non-2xx or 3xx responses: 12
        Requests/sec:   1854.32
        Transfer/sec:      0.90MB
        """;

    Anchors.WrkRun run = Anchors.parseWrk("u", out);

    assertThat(run.requestsPerSec()).isEqualTo(1854.32);
    assertThat(run.p50Ms()).isEqualTo(0.9);
    assertThat(run.p99Ms()).isEqualTo(1200.0);
    assertThat(run.requests()).isEqualTo(18561);
    assertThat(run.non2xx()).isEqualTo(12);
    assertThatThrownBy(() -> Anchors.parseWrk("u", "unable to connect"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void thePgbenchScriptWritesEveryLedgerTableInOneTransaction() {
    String script = Anchors.pgbenchScript();

    assertThat(script)
        .startsWith("\\set t random(")
        .contains(
            "BEGIN;",
            "INSERT INTO ledger.processed_events",
            "INSERT INTO ledger.transactions",
            "INSERT INTO ledger.payment_events",
            "INSERT INTO ledger.card_profiles",
            "INSERT INTO ledger.outbox",
            "generate_series(1, :batch)",
            "COMMIT;");
    // pgbench reads one statement per line
    assertThat(script.lines().filter(l -> l.endsWith(";")).count()).isEqualTo(9);
  }
}
