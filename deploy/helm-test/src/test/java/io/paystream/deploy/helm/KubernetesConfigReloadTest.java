package io.paystream.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ScopedProxyMode;

/**
 * Spring Cloud Kubernetes configuration loading and reload against a Kubernetes API test server
 * (fabric8 {@code KubernetesMockServer} in CRUD mode; no cluster here).
 *
 * <p>The chart's rendered fds-service ConfigMap is created in the server; a test-only app with
 * fds-service's own packaged {@code application.yml} (read from the module's source tree, so its
 * {@code kubernetes} profile document is the one under test: {@code import: "kubernetes:"}, reload
 * {@code mode: event}, {@code strategy: refresh}) starts with the Deployment's profile and config
 * name, reads the threshold from the ConfigMap, and follows an update of the ConfigMap through the
 * informer and a context refresh, without a restart. The thresholds record is shaped like
 * fds-service's {@code FdsRulesProperties} (an immutable record in refresh scope, not proxied).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesConfigReloadTest {

  private static final String CONFIG_MAP = "paystream-fds-service";
  private static final String MAX_SPEED_KEY =
      "services.fds-service.config.fds.rules.impossible-travel.max-speed-kmh";

  /** Injected by the fabric8 extension (CRUD mode: what is created can be read and watched). */
  static KubernetesMockServer server;

  static KubernetesClient client;

  /** Where the Deployment also mounts the ConfigMap ({@code /etc/paystream/config/}). */
  @TempDir Path mount;

  private ConfigurableApplicationContext app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    client.configMaps().inNamespace(RenderedChart.NAMESPACE).delete();
  }

  @Test
  void readsThresholdFromConfigMapAndReloadsItOnChangeWithoutRestart() throws Exception {
    // given the chart's fds-service ConfigMap (max-speed-kmh 1200) in the cluster
    RenderedChart chart = RenderedChart.render(List.of(), Map.of(MAX_SPEED_KEY, 1200));
    ConfigMap initial = configMap(chart);
    client.configMaps().inNamespace(RenderedChart.NAMESPACE).resource(initial).create();
    Map<String, String> env = plainEnv(chart);
    // the kubelet's projection of the same ConfigMap, which keeps the old value after the update
    // below (the kubelet refreshes mounted ConfigMaps only about once a minute); used only if the
    // Deployment points spring.config.additional-location at it, which it must not for a service
    // reading its ConfigMap through the API: that file source would outrank the API source and pin
    // the old value on reload (this test fails if the chart sets it again)
    for (Map.Entry<String, String> file : initial.getData().entrySet()) {
      Files.writeString(mount.resolve(file.getKey()), file.getValue());
    }
    String additionalLocation =
        env.containsKey("SPRING_CONFIG_ADDITIONALLOCATION")
            ? env.get("SPRING_CONFIG_ADDITIONALLOCATION")
                .replace("/etc/paystream/config/", mount + "/")
            : null;

    // when fds-service's configuration starts with the Deployment's profile and config name
    app =
        new SpringApplicationBuilder(ProbeApplication.class)
            .run(
                commonArgs(
                    env.get("SPRING_PROFILES_ACTIVE"),
                    env.get("SPRING_CLOUD_KUBERNETES_CONFIG_NAME"),
                    additionalLocation));
    long startupDate = app.getStartupDate();

    // then the ConfigMap's value wins over the packaged 900
    assertThat(thresholds().maxSpeedKmh()).isEqualTo(1200);
    log(
        "started with profile %s, config name %s: max-speed-kmh = %d",
        env.get("SPRING_PROFILES_ACTIVE"),
        env.get("SPRING_CLOUD_KUBERNETES_CONFIG_NAME"),
        thresholds().maxSpeedKmh());

    // when the operator changes the ConfigMap (helm upgrade --set ... / kubectl edit)
    ConfigMap changed = configMap(RenderedChart.render(List.of(), Map.of(MAX_SPEED_KEY, 750)));
    client.configMaps().inNamespace(RenderedChart.NAMESPACE).resource(changed).update();
    log("ConfigMap %s updated: max-speed-kmh 1200 -> 750", CONFIG_MAP);

    // then the running context rebinds the threshold through the watch, no restart
    long changedAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(thresholds().maxSpeedKmh()).isEqualTo(750));
    assertThat(app.isActive()).isTrue();
    assertThat(app.getStartupDate()).isEqualTo(startupDate);
    log(
        "reloaded after %d ms: max-speed-kmh = %d, same context (started at %d)",
        Duration.ofNanos(System.nanoTime() - changedAt).toMillis(),
        thresholds().maxSpeedKmh(),
        startupDate);
  }

  @Test
  void offTheClusterNothingOfSpringCloudKubernetesIsActive() {
    // given the same ConfigMap in the API server the client could reach
    RenderedChart chart = RenderedChart.render(List.of(), Map.of(MAX_SPEED_KEY, 1200));
    client.configMaps().inNamespace(RenderedChart.NAMESPACE).resource(configMap(chart)).create();

    // when the service starts without the kubernetes profile and on no cloud platform
    app = new SpringApplicationBuilder(ProbeApplication.class).run(commonArgs(null, null, null));

    // then the packaged value applies and no Kubernetes client exists
    assertThat(thresholds().maxSpeedKmh()).isEqualTo(900);
    assertThat(app.getBeanNamesForType(KubernetesClient.class)).isEmpty();
  }

  private ImpossibleTravelThresholds thresholds() {
    return app.getBean(ImpossibleTravelThresholds.class);
  }

  /**
   * fds-service's packaged {@code application.yml}; on Kubernetes also the Deployment's profile and
   * config name, the platform Boot would detect from {@code KUBERNETES_SERVICE_HOST}, and the API
   * server (the in-cluster service account in production).
   */
  private static String[] commonArgs(
      String profiles, String configName, String additionalLocation) {
    Path packaged =
        Path.of(
                System.getProperty(
                    "paystream.fds.config", "../../fds-service/src/main/resources/application.yml"))
            .toAbsolutePath()
            .normalize();
    assertThat(packaged).exists();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.config.location=file:" + packaged,
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off"));
    if (additionalLocation != null) {
      args.add("--spring.config.additional-location=" + additionalLocation);
    }
    if (profiles != null) {
      args.addAll(
          List.of(
              "--spring.main.cloud-platform=kubernetes",
              "--spring.profiles.active=" + profiles,
              "--spring.cloud.kubernetes.config.name=" + configName,
              "--spring.cloud.kubernetes.client.master-url="
                  + client.getConfiguration().getMasterUrl(),
              "--spring.cloud.kubernetes.client.namespace=" + RenderedChart.NAMESPACE,
              "--spring.cloud.kubernetes.client.trust-certs=true"));
    }
    return args.toArray(String[]::new);
  }

  /** The rendered fds-service ConfigMap, without the server-assigned fields of a previous run. */
  private static ConfigMap configMap(RenderedChart chart) {
    ConfigMap cm =
        chart.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().equals(CONFIG_MAP))
            .findFirst()
            .orElseThrow();
    assertThat(cm.getData()).containsOnlyKeys("application.yaml");
    return new ConfigMapBuilder(cm)
        .editMetadata()
        .withNamespace(RenderedChart.NAMESPACE)
        .endMetadata()
        .build();
  }

  /** The fds-service container's plain (non-secret) environment as the chart renders it. */
  private static Map<String, String> plainEnv(RenderedChart chart) {
    Deployment deployment =
        chart.deployments().stream()
            .filter(d -> d.getMetadata().getName().equals(CONFIG_MAP))
            .findFirst()
            .orElseThrow();
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static void log(String format, Object... args) {
    System.out.printf("[k8s-config-reload] " + format + "%n", args);
  }

  /** A service in miniature: auto-configuration plus one refresh-scoped thresholds record. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableConfigurationProperties(ImpossibleTravelThresholds.class)
  static class ProbeApplication {}

  /**
   * Shaped like fds-service's {@code FdsRulesProperties}: an immutable record in refresh scope.
   *
   * @param maxSpeedKmh impossible-travel speed threshold, km/h
   */
  @RefreshScope(proxyMode = ScopedProxyMode.NO)
  @ConfigurationProperties("fds.rules.impossible-travel")
  record ImpossibleTravelThresholds(int maxSpeedKmh) {}
}
