package io.paystream.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.paystream.platform.kafka.EventPublishException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@SpringBootTest(
    classes = ProblemHandlingTest.TinyApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      // no security: this app shows the problem handling of requests that reach a handler
      "spring.autoconfigure.exclude="
          + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
          + "org.springframework.boot.security.autoconfigure.web.reactive"
          + ".ReactiveWebSecurityAutoConfiguration,"
          + "org.springframework.boot.security.autoconfigure"
          + ".ReactiveUserDetailsServiceAutoConfiguration,"
          + "org.springframework.boot.security.autoconfigure.actuate.web.reactive"
          + ".ReactiveManagementWebSecurityAutoConfiguration"
    })
class ProblemHandlingTest {

  @LocalServerPort int port;

  WebTestClient client;

  @BeforeEach
  void connect() {
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .build();
  }

  @Test
  void malformedJsonIsA400ProblemWithoutParserDetails() {
    client
        .post()
        .uri("/orders")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"pan\": 4111111111111111, oops")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(String.class)
        .value(
            body ->
                assertThat(body)
                    .contains("\"type\":\"https://paystream.io/problems/malformed-request\"")
                    .doesNotContain("4111111111111111")
                    .doesNotContain("at [Source")
                    .doesNotContain("Exception"));
  }

  @Test
  void wrongFieldTypeNamesTheField() {
    client
        .post()
        .uri("/orders")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"reference\":\"A-1\",\"amountMinor\":\"ten\"}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/malformed-request")
        .jsonPath("$.errors[0].field")
        .isEqualTo("amountMinor");
  }

  @Test
  void wrongContentTypeIs415Problem() {
    client
        .post()
        .uri("/orders")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("hello")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/unsupported-media-type")
        .jsonPath("$.status")
        .isEqualTo(415);
  }

  @Test
  void beanValidationFailureListsEveryFieldWithItsReason() {
    client
        .post()
        .uri("/orders")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("reference", "", "amountMinor", -5))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/invalid-request")
        .jsonPath("$.errors.length()")
        .isEqualTo(2)
        .jsonPath("$.errors[?(@.field == 'amountMinor')].reason")
        .isEqualTo("must be greater than or equal to 0")
        .jsonPath("$.errors[?(@.field == 'reference')].reason")
        .isEqualTo("must not be blank");
  }

  @Test
  void missingAndInvalidParametersAre400Problems() {
    client
        .get()
        .uri("/search")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/invalid-request");
    client
        .get()
        .uri("/search?limit=abc")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/invalid-request");
    client
        .get()
        .uri("/items/not-an-id")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("id");
  }

  @Test
  void unknownRouteIs404Problem() {
    client
        .get()
        .uri("/no/such/route")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/not-found")
        .jsonPath("$.status")
        .isEqualTo(404);
  }

  @Test
  void wrongMethodIs405Problem() {
    client
        .delete()
        .uri("/orders")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void domainProblemKeepsItsTypeTitleAndProperties() {
    client
        .get()
        .uri("/items/42")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/item-locked")
        .jsonPath("$.title")
        .isEqualTo("Item locked")
        .jsonPath("$.itemId")
        .isEqualTo(42);
  }

  @Test
  void unexpectedErrorIsA500ProblemWithoutInternals() {
    client
        .get()
        .uri("/boom")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(String.class)
        .value(
            body ->
                assertThat(body)
                    .contains("https://paystream.io/problems/internal-error")
                    .doesNotContain("secret internals")
                    .doesNotContain("IllegalStateException")
                    .doesNotContain("at io.paystream"));
  }

  @Test
  void kafkaUnavailableIs503WithRetryAfter() {
    client
        .get()
        .uri("/publish")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader()
        .valueEquals("Retry-After", "5")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/event-bus-unavailable");
  }

  /** A tiny WebFlux app: the platform starter's auto-configuration plus one controller. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class TinyApp {

    @RestController
    static class OrderController {

      record Order(@NotBlank String reference, @Min(0) long amountMinor) {}

      @PostMapping(path = "/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
      Mono<Order> create(@Valid @RequestBody Order order) {
        return Mono.just(order);
      }

      @GetMapping("/search")
      Mono<String> search(@RequestParam String q, @RequestParam(defaultValue = "10") int limit) {
        return Mono.just(q + limit);
      }

      @GetMapping("/items/{id}")
      Mono<String> item(@PathVariable @Pattern(regexp = "[0-9]+") String id) {
        return Mono.error(
            new PaystreamProblem(
                    HttpStatusCode.valueOf(422),
                    "item-locked",
                    "Item locked",
                    "Item " + id + " is locked")
                .with("itemId", Long.parseLong(id)));
      }

      @GetMapping("/boom")
      Mono<String> boom() {
        return Mono.error(new IllegalStateException("secret internals"));
      }

      @GetMapping("/publish")
      Mono<String> publish() {
        return Mono.error(
            new EventPublishException("payment-stream", "broker down", new RuntimeException()));
      }
    }
  }
}
