package io.paystream.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.paystream.devstack.test.TestAuthServer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The platform's resource-server chain in a tiny WebFlux service with one route rule, against a
 * real JWKS server (WireMock): audience, actuator rules, closing deny, problem answers.
 */
@SpringBootTest(
    classes = ResourceServerSecurityTest.TinyService.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "management.endpoints.web.exposure.include=health,info,prometheus,env",
      "spring.autoconfigure.exclude="
          + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration"
    })
class ResourceServerSecurityTest {

  static final TestAuthServer AUTH = TestAuthServer.start();

  @DynamicPropertySource
  static void issuer(DynamicPropertyRegistry registry) {
    AUTH.register(registry);
  }

  @AfterAll
  static void stop() {
    AUTH.stop();
  }

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
  void aTokenForPaystreamWithTheRouteScopeIsServed() {
    client
        .get()
        .uri("/v1/things")
        .headers(h -> h.setBearerAuth(AUTH.token("pos-1", null, "things:read")))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void aTokenForAnotherAudienceIsAnInvalidToken() {
    client
        .get()
        .uri("/v1/things")
        .headers(h -> h.setBearerAuth(AUTH.tokenForAudience("pos-1", "things:read", "other-api")))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer error=\"invalid_token\"")
        .expectHeader()
        .contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://paystream.io/problems/unauthorized");
  }

  @Test
  void aMissingScopeIsA403Problem() {
    client
        .get()
        .uri("/v1/things")
        .headers(h -> h.setBearerAuth(AUTH.token("pos-1", null, "payments:read")))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
  }

  @Test
  void aPathNoRuleNamesIsRefusedEvenWithAValidToken() {
    client
        .get()
        .uri("/v1/unlisted")
        .headers(h -> h.setBearerAuth(AUTH.token("ops", null, "admin things:read")))
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void probesAndScrapesNeedNoTokenAndHealthShowsOnlyTheStatus() {
    client
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components")
        .doesNotExist();
    client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
  }

  @Test
  void otherActuatorEndpointsNeedScopeAdmin() {
    client
        .get()
        .uri("/actuator/env")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer");
    client
        .get()
        .uri("/actuator/env")
        .headers(h -> h.setBearerAuth(AUTH.token("pos-1", null, "things:read")))
        .exchange()
        .expectStatus()
        .isForbidden();
    client
        .get()
        .uri("/actuator/env")
        .headers(h -> h.setBearerAuth(AUTH.token("ops", null, "admin")))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void springSecurityMakesNoObservationsButTheRequestIsObserved() {
    TinyService.OBSERVED.clear();
    client
        .get()
        .uri("/v1/things")
        .headers(h -> h.setBearerAuth(AUTH.token("pos-1", null, "things:read")))
        .exchange()
        .expectStatus()
        .isOk();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(TinyService.OBSERVED).contains("http.server.requests"));
    assertThat(TinyService.OBSERVED).noneMatch(name -> name.startsWith("spring.security"));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class TinyService {

    /** Every observation started in the service, by name (Boot registers handler beans). */
    static final Set<String> OBSERVED = ConcurrentHashMap.newKeySet();

    @Bean
    ObservationHandler<Observation.Context> observationRecorder() {
      return new ObservationHandler<>() {
        @Override
        public void onStart(Observation.Context context) {
          OBSERVED.add(context.getName());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
          return true;
        }
      };
    }

    @Bean
    AuthorizationRules thingRoutes() {
      return routes -> routes.pathMatchers("/v1/things").hasAuthority("SCOPE_things:read");
    }

    @RestController
    static class Things {
      @GetMapping({"/v1/things", "/v1/unlisted"})
      Mono<String> things() {
        return Mono.just("[]");
      }
    }
  }
}
