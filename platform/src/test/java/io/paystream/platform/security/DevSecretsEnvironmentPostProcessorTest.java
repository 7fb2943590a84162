package io.paystream.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paystream.platform.security.DevSecretsEnvironmentPostProcessor.DevSecretException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A real {@code SpringApplication} over {@code dev-secrets-test.yml} (on the test class path, as a
 * service's {@code application.yml} is in its jar): committed secrets refuse to start outside the
 * dev and test profiles.
 */
class DevSecretsEnvironmentPostProcessorTest {

  static final String REAL_KEY = "cHJvZHVjdGlvbi1rZXktZnJvbS1hLXNlY3JldA==";

  static ConfigurableApplicationContext start(String profile, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--spring.config.name=dev-secrets-test");
    all.add("--logging.structured.format.console=");
    SpringApplicationBuilder app =
        new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE);
    if (profile != null) {
      app.profiles(profile);
    }
    return app.run(all.toArray(String[]::new));
  }

  @Test
  void refusesTheCommittedDefaultsOutsideDevAndTestAndNamesEachSetting() {
    assertThatThrownBy(() -> start("kubernetes").close())
        .isInstanceOf(DevSecretException.class)
        .satisfies(
            e ->
                assertThat(((DevSecretException) e).settings())
                    .hasSize(3)
                    .anySatisfy(
                        s ->
                            assertThat(s)
                                .startsWith(
                                    "paystream.demo.api-key (committed in class path"
                                        + " resource [dev-secrets-test.yml]")
                                .endsWith("set DEMO_API_KEY from a secret"))
                    .anySatisfy(s -> assertThat(s).startsWith("paystream.demo.client-secret"))
                    .anySatisfy(s -> assertThat(s).startsWith("paystream.demo.keys.k1")))
        .hasMessageContaining("active profiles: [kubernetes]");
  }

  @Test
  void noProfileAtAllIsNotDev() {
    assertThatThrownBy(() -> start(null).close()).isInstanceOf(DevSecretException.class);
  }

  @Test
  void refusesTheDevValueEvenWhenItComesFromTheEnvironment() {
    assertThatThrownBy(
            () ->
                start(
                        "kubernetes",
                        "--DEMO_API_KEY=" + REAL_KEY,
                        "--DEMO_KEYS_K1=ZGV2LWsx",
                        "--paystream.demo.client-secret=s3cr3t-from-vault")
                    .close())
        .isInstanceOf(DevSecretException.class)
        .satisfies(
            e ->
                assertThat(((DevSecretException) e).settings())
                    .singleElement()
                    .asString()
                    .startsWith("paystream.demo.keys.k1"));
  }

  @Test
  void startsWhenEverySecretComesFromOutsideTheJar() {
    try (ConfigurableApplicationContext context =
        start(
            "kubernetes",
            "--DEMO_API_KEY=" + REAL_KEY,
            "--DEMO_KEYS_K1=" + REAL_KEY,
            "--paystream.demo.client-secret=s3cr3t-from-vault")) {
      assertThat(context.getEnvironment().getProperty("paystream.demo.api-key"))
          .isEqualTo(REAL_KEY);
      assertThat(context.getEnvironment().getProperty("paystream.demo.key-prefix"))
          .as("not a secret by name")
          .isEqualTo("demo");
    }
  }

  @Test
  void devAndTestProfilesKeepTheDevSecrets() {
    try (ConfigurableApplicationContext dev = start("dev");
        ConfigurableApplicationContext test = start("test")) {
      assertThat(dev.getEnvironment().getProperty("paystream.demo.api-key"))
          .isEqualTo("ZGV2LW9ubHktZGVtby1rZXk=");
      assertThat(test.isActive()).isTrue();
    }
  }

  @Test
  void secretNames() {
    assertThat(
            List.of(
                "paystream.verification.code-key",
                "paystream.verification.sms.auth-token",
                "paystream.notification.push.access-token",
                "paystream.auth.bootstrap-clients[0].client-secret",
                "paystream.auth.keys[0].private-key",
                "spring.r2dbc.password",
                "paystream.tokenization.keys.k1"))
        .allMatch(n -> DevSecretsEnvironmentPostProcessor.SECRET_NAME.matcher(n).find());
    assertThat(
            List.of(
                "paystream.tokenization.active-key-id",
                "paystream.cache.key-prefix",
                "spring.kafka.consumer.key-deserializer",
                "paystream.auth.signing-key-id",
                "paystream.notification.push.token-uri",
                "paystream.auth.keys[0].id"))
        .noneMatch(n -> DevSecretsEnvironmentPostProcessor.SECRET_NAME.matcher(n).find());
  }

  @Configuration(proxyBeanMethods = false)
  static class Empty {}
}
