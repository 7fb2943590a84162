package io.paystream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

  @Test
  void rendersAlignedColumnsUnderAHeader() {
    String table =
        StatusTable.render(
            List.of(
                new StatusTable.Row(
                    "kafka", "4242", "127.0.0.1:19092", "UP", ".run/logs/kafka.log"),
                new StatusTable.Row(
                    "postgres", "external", "127.0.0.1:5432/paystream", "UP", "-")));

    assertThat(table)
        .isEqualTo(
            """
            NAME      PID       ADDRESS                   HEALTH  LOG
            kafka     4242      127.0.0.1:19092           UP      .run/logs/kafka.log
            postgres  external  127.0.0.1:5432/paystream  UP      -
            """);
  }
}
