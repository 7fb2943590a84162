package io.paystream.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.devstack.test.Infra;
import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;

@PaystreamIntegrationTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class VerificationApiApplicationIT {

  @Autowired Environment environment;

  @Test
  void bootsMigratesItsSchemaAndReportsHealthUp(Infra infra) throws Exception {
    String port = environment.getProperty("local.server.port");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
    try (Connection c = infra.openJdbc();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'verification' ORDER BY table_name")) {
      StringBuilder tables = new StringBuilder();
      while (rs.next()) {
        tables.append(rs.getString(1)).append(' ');
      }
      assertThat(tables.toString()).contains("challenge", "outbox", "provider_message", "sms_send");
    }
  }
}
