package io.paystream.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.devstack.test.PaystreamIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;

@PaystreamIntegrationTest
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class NotificationServiceApplicationIT {

  @Autowired Environment environment;

  @Test
  void bootsAndReportsHealthUp() throws Exception {
    String port = environment.getProperty("local.server.port");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"UP\"");
  }
}
