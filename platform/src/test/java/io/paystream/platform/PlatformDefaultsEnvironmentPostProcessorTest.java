package io.paystream.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class PlatformDefaultsEnvironmentPostProcessorTest {

  @Test
  void turnsProblemDetailsOnWithLowestPrecedence() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "service", Map.of("management.endpoints.web.exposure.include", "health")));

    new PlatformDefaultsEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("spring.webflux.problemdetails.enabled")).isEqualTo("true");
    assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
        .as("a service's own setting wins")
        .isEqualTo("health");
  }

  @Test
  void boundsEveryR2dbcWaitAndLetsAServiceOverrideThem() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "service", Map.of("spring.r2dbc.properties.statementTimeout", "30s")));

    new PlatformDefaultsEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("spring.r2dbc.properties.statementTimeout"))
        .as("a service's own setting wins")
        .isEqualTo("30s");
    assertThat(environment.getProperty("spring.r2dbc.properties.connectTimeout")).isEqualTo("5s");
    // r2dbc-pool is on the test classpath, as in every service with spring-boot-starter-data-r2dbc
    assertThat(environment.getProperty("spring.r2dbc.pool.max-acquire-time")).isEqualTo("15s");
    assertThat(environment.getProperty("spring.r2dbc.pool.max-create-connection-time"))
        .isEqualTo("10s");
  }

  @Test
  void servicesRecordOnePerCentOfTracesAndSkipSchemaValidationTestsDoBoth() {
    StandardEnvironment service = new StandardEnvironment();
    StandardEnvironment test = new StandardEnvironment();
    test.setActiveProfiles("test");

    new PlatformDefaultsEnvironmentPostProcessor()
        .postProcessEnvironment(service, new SpringApplication());
    new PlatformDefaultsEnvironmentPostProcessor()
        .postProcessEnvironment(test, new SpringApplication());

    assertThat(service.getProperty("management.tracing.sampling.probability")).isEqualTo("0.01");
    assertThat(service.getProperty("paystream.kafka.consumer.schema-validation"))
        .isEqualTo("false");
    assertThat(service.getProperty("spring.kafka.consumer.properties.paystream.events.validate"))
        .isEqualTo("false");
    assertThat(service.getProperty("spring.kafka.template.observation-enabled")).isEqualTo("true");
    assertThat(test.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
    assertThat(test.getProperty("spring.kafka.consumer.properties.paystream.events.validate"))
        .isEqualTo("true");
  }
}
