package io.paystream.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ScopedProxyMode;

/**
 * The chart's configuration path without the Kubernetes API: the rendered fds-service ConfigMap,
 * laid out as the kubelet mounts it ({@code /etc/paystream/config/application.yaml}), is read by a
 * test-only Spring Boot app started with the chart's {@code SPRING_CONFIG_ADDITIONALLOCATION}, wins
 * over the packaged default, and a changed ConfigMap reaches a refresh-scoped properties record
 * through a context refresh (what {@code POST /actuator/refresh} or Spring Cloud Kubernetes' reload
 * triggers) in the same context, without a restart.
 */
class ConfigMapRefreshTest {

  private static final String CONFIG_MAP = "paystream-fds-service";

  @TempDir Path mount;

  private ConfigurableApplicationContext app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void mountedConfigMapOverridesDefaultsAndRefreshesWithoutRestart() throws Exception {
    // given the chart's fds-service ConfigMap (max-speed-kmh 900) mounted as a file
    mountConfigMap(900);

    // when the service starts with the chart's environment and a packaged default of 1000
    app = start();

    // then the ConfigMap's value applies
    assertThat(thresholds().maxSpeedKmh()).isEqualTo(900);
    String contextId = app.getId();
    log("started with %s: max-speed-kmh = %d", mount.resolve("application.yaml"), 900);

    // when the operator changes the ConfigMap (the kubelet rewrites the mounted file) and the
    // service is told to refresh
    mountConfigMap(750);
    Set<String> changed = app.getBean(ContextRefresher.class).refresh();

    // then the same running context binds the new threshold
    assertThat(changed).contains("fds.rules.impossible-travel.max-speed-kmh");
    assertThat(thresholds().maxSpeedKmh()).isEqualTo(750);
    assertThat(app.isActive()).isTrue();
    assertThat(app.getId()).isEqualTo(contextId);
    log("refreshed keys %s: max-speed-kmh = %d, same context", changed, 750);
  }

  private ImpossibleTravelThresholds thresholds() {
    return app.getBean(ImpossibleTravelThresholds.class);
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(RefreshProbeApplication.class)
        .properties(
            "spring.main.web-application-type=none",
            "spring.main.banner-mode=off",
            "spring.application.name=fds-service",
            // The packaged application.yml's default, which the ConfigMap overrides.
            "fds.rules.impossible-travel.max-speed-kmh=1000")
        // What the chart's Deployment sets (SPRING_CONFIG_ADDITIONALLOCATION), at the test's mount.
        .run("--spring.config.additional-location=optional:file:" + mount + "/");
  }

  /** Writes the rendered ConfigMap's data as the kubelet projects it: one file per key. */
  private void mountConfigMap(int maxSpeedKmh) throws Exception {
    RenderedChart chart =
        RenderedChart.render(
            List.of(),
            Map.of(
                "services.fds-service.config.fds.rules.impossible-travel.max-speed-kmh",
                maxSpeedKmh));
    ConfigMap cm =
        chart.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().equals(CONFIG_MAP))
            .findFirst()
            .orElseThrow();
    assertThat(cm.getData()).containsOnlyKeys("application.yaml");
    for (Map.Entry<String, String> file : cm.getData().entrySet()) {
      Files.writeString(mount.resolve(file.getKey()), file.getValue());
    }
  }

  private static void log(String format, Object... args) {
    System.out.printf("[configmap-refresh] " + format + "%n", args);
  }

  /** A service in miniature: auto-configuration plus one refresh-scoped thresholds record. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableConfigurationProperties(ImpossibleTravelThresholds.class)
  static class RefreshProbeApplication {}

  /**
   * Shaped like fds-service's {@code FdsRulesProperties}: an immutable record in refresh scope.
   *
   * @param maxSpeedKmh impossible-travel speed threshold, km/h
   */
  @RefreshScope(proxyMode = ScopedProxyMode.NO)
  @ConfigurationProperties("fds.rules.impossible-travel")
  record ImpossibleTravelThresholds(int maxSpeedKmh) {}
}
