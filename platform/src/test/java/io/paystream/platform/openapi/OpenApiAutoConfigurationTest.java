package io.paystream.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class OpenApiAutoConfigurationTest {

  final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(OpenApiAutoConfiguration.class))
          .withPropertyValues(
              "spring.application.name=payment-api",
              "paystream.openapi.description=Payment intake");

  @Test
  void describesTheServiceWithARelativeServerAndTheBearerScheme() {
    Properties build = new Properties();
    build.setProperty("version", "1.2.3");
    runner
        .withBean(BuildProperties.class, () -> new BuildProperties(build))
        .run(
            context -> {
              OpenAPI api = context.getBean(OpenAPI.class);
              assertThat(api.getInfo().getTitle()).isEqualTo("paystream payment-api");
              assertThat(api.getInfo().getVersion()).isEqualTo("1.2.3");
              assertThat(api.getInfo().getDescription()).isEqualTo("Payment intake");
              assertThat(api.getServers())
                  .singleElement()
                  .satisfies(s -> assertThat(s.getUrl()).isEqualTo("/"));
              SecurityScheme bearer =
                  api.getComponents().getSecuritySchemes().get(OpenApiAutoConfiguration.BEARER_JWT);
              assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
              assertThat(bearer.getScheme()).isEqualTo("bearer");
              assertThat(bearer.getBearerFormat()).isEqualTo("JWT");
              assertThat(api.getSecurity())
                  .singleElement()
                  .satisfies(r -> assertThat(r).containsKey(OpenApiAutoConfiguration.BEARER_JWT));
            });
  }

  @Test
  void withoutBuildInfoTheVersionIsDev() {
    runner.run(
        context ->
            assertThat(context.getBean(OpenAPI.class).getInfo().getVersion()).isEqualTo("dev"));
  }

  @Test
  void aServicesOwnDocumentWins() {
    runner
        .withBean(OpenAPI.class, () -> new OpenAPI().info(new Info().title("own")))
        .run(
            context ->
                assertThat(context.getBean(OpenAPI.class).getInfo().getTitle()).isEqualTo("own"));
  }

  @Test
  void switchedOffWithTheApiDocs() {
    runner
        .withPropertyValues("springdoc.api-docs.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(OpenAPI.class));
  }
}
