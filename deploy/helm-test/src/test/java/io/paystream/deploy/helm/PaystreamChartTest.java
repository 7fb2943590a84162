package io.paystream.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lints and renders the paystream chart in-process (helm-java embeds Helm) and checks the rendered
 * objects: the default install, and a full install with every optional object on.
 */
class PaystreamChartTest {

  private static final List<String> FLEET =
      List.of(
          "gateway",
          "auth-server",
          "payment-api",
          "fds-service",
          "verification-api",
          "loyalty-service",
          "benefit-service",
          "notification-service");

  /** The topic registry (contracts Topics.ALL and SUBSCRIPTIONS) at production partitions. */
  private static final List<String> TOPICS =
      List.of(
          "payment-stream:24",
          "payment-stream-fds-dlt:24",
          "payment-stream-loyalty-dlt:24",
          "payment-stream-benefit-dlt:24",
          "payment-decisions:24",
          "payment-decisions-payment-api-dlt:24",
          "payment-decisions-loyalty-dlt:24",
          "verification-requests:12",
          "verification-requests-verification-dlt:12",
          "verification-results:12",
          "verification-results-fds-dlt:12",
          "notifications:12",
          "notifications-notification-dlt:12",
          "user-activity:12");

  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private static RenderedChart defaults;
  private static RenderedChart full;
  private static Path fullValues;

  @BeforeAll
  static void render() throws IOException {
    defaults = RenderedChart.render(List.of(), Map.of());
    fullValues = RenderedChart.resource("full-install-values.yaml");
    full = RenderedChart.render(List.of(fullValues), Map.of());
    // The full install's manifest and inventory, for the docs and the integrator's report.
    Path out = Path.of("target", "helm");
    Files.createDirectories(out);
    Files.writeString(out.resolve("full-install.yaml"), full.yaml());
    Files.write(out.resolve("full-install-objects.txt"), full.inventory());
  }

  static Stream<RenderedChart> renderings() {
    return Stream.of(defaults, full);
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(RenderedChart.chartDir()).lint().strict().call();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
  }

  @Test
  void defaultInstallRendersTheWholeFleetWithoutOptionalObjects() {
    assertThat(defaults.deployments())
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(FLEET.stream().map(s -> "paystream-" + s).toList());
    for (String kind : List.of("Service", "ServiceAccount", "ConfigMap", "NetworkPolicy")) {
      assertThat(defaults.ofKind(kind))
          .extracting(o -> o.getMetadata().getName())
          .as(kind)
          .containsAll(FLEET.stream().map(s -> "paystream-" + s).toList());
    }
    for (String kind :
        List.of("HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor", "Ingress")) {
      assertThat(defaults.ofKind(kind)).as(kind).isEmpty();
    }
    assertThat(defaults.deployments())
        .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(2));
  }

  @Test
  void fullInstallRendersAutoscalerBudgetAndMonitorPerServiceAndBothIngresses() {
    for (String kind :
        List.of("HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor")) {
      assertThat(full.ofKind(kind))
          .extracting(o -> o.getMetadata().getName())
          .as(kind)
          .containsExactlyInAnyOrderElementsOf(FLEET.stream().map(s -> "paystream-" + s).toList());
    }
    assertThat(full.all(Ingress.class))
        .extracting(i -> i.getSpec().getRules().get(0).getHost())
        .containsExactlyInAnyOrder("api.paystream.example", "auth.paystream.example");
    // The HPA owns the replica count.
    assertThat(full.deployments()).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isNull());
    assertThat(full.ofKind("ConfigMap"))
        .filteredOn(c -> c.getMetadata().getName().startsWith("paystream-dashboard-"))
        .hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void everyDeploymentProbesActuatorGroupsOnItsManagementPort(RenderedChart chart) {
    Map<String, Integer> managementPorts =
        Map.of("gateway", 8180, "auth-server", 9000, "payment-api", 8081, "fds-service", 8082);
    assertThat(chart.deployments())
        .hasSize(FLEET.size())
        .allSatisfy(
            d -> {
              Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
              assertHttpProbe(c.getLivenessProbe(), "/actuator/health/liveness");
              assertHttpProbe(c.getReadinessProbe(), "/actuator/health/readiness");
              assertHttpProbe(c.getStartupProbe(), "/actuator/health/liveness");
              Integer expected = managementPorts.get(c.getName());
              if (expected != null) {
                assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal())
                    .as(c.getName())
                    .isEqualTo(expected);
              }
            });
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void everyDeploymentHasRequestsAndLimits(RenderedChart chart) {
    assertThat(chart.deployments())
        .allSatisfy(
            d -> {
              Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
              assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
              assertThat(c.getResources().getLimits()).containsKey("memory");
            });
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void everyWorkloadRunsNonRootReadOnlyWithoutPrivilegesAndWithAWritableTmp(RenderedChart chart) {
    List<PodSpec> pods = new ArrayList<>();
    chart.deployments().forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    chart.all(Job.class).forEach(j -> pods.add(j.getSpec().getTemplate().getSpec()));

    assertThat(pods)
        .isNotEmpty()
        .allSatisfy(
            pod -> {
              assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
              assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
              assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                  .isEqualTo("RuntimeDefault");
              Set<String> emptyDirs = new HashSet<>();
              pod.getVolumes().stream()
                  .filter(v -> v.getEmptyDir() != null)
                  .map(Volume::getName)
                  .forEach(emptyDirs::add);
              for (Container c : pod.getContainers()) {
                var sc = c.getSecurityContext();
                assertThat(sc.getRunAsNonRoot()).as(c.getName()).isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
                assertThat(sc.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
                assertThat(c.getVolumeMounts())
                    .as(c.getName())
                    .anySatisfy(
                        m -> {
                          assertThat(m.getMountPath()).isEqualTo("/tmp");
                          assertThat(emptyDirs).contains(m.getName());
                        });
              }
            });
  }

  @Test
  void everySecretReferenceNamesASecretGivenInValues() throws IOException {
    Map<String, Object> defaultValues = readValues(RenderedChart.chartDir().resolve("values.yaml"));
    Map<String, Object> effective = merge(defaultValues, readValues(fullValues));
    Set<String> named = new TreeSet<>();
    collectSecretNames(effective, named);

    Set<String> referenced = new TreeSet<>();
    List<PodSpec> pods = new ArrayList<>();
    full.deployments().forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    full.all(Job.class).forEach(j -> pods.add(j.getSpec().getTemplate().getSpec()));
    for (PodSpec pod : pods) {
      for (Container c : pod.getContainers()) {
        for (EnvVar env : c.getEnv()) {
          if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
            assertThat(env.getValueFrom().getSecretKeyRef().getKey())
                .as(env.getName())
                .isNotBlank();
            referenced.add(env.getValueFrom().getSecretKeyRef().getName());
          }
        }
        assertThat(c.getEnvFrom()).as("envFrom of %s", c.getName()).isNullOrEmpty();
      }
      pod.getVolumes().stream()
          .filter(v -> v.getSecret() != null)
          .forEach(v -> referenced.add(v.getSecret().getSecretName()));
    }

    assertThat(referenced)
        .contains("paystream-postgresql", "paystream-redis", "paystream-kafka-user")
        .contains("paystream-kafka-ca", "paystream-auth");
    assertThat(named).containsAll(referenced);
    // The chart never ships secret material of its own.
    assertThat(full.ofKind("Secret")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void environmentReferencesOnlyUseVariablesDefinedBeforeThem(RenderedChart chart) {
    for (Deployment d : chart.deployments()) {
      Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
      Set<String> defined = new HashSet<>();
      for (EnvVar env : c.getEnv()) {
        if (env.getValue() != null) {
          Matcher m = ENV_REFERENCE.matcher(env.getValue());
          while (m.find()) {
            assertThat(defined).as("%s in %s", env.getName(), c.getName()).contains(m.group(1));
          }
        }
        assertThat(defined.add(env.getName()))
            .as("duplicate %s in %s", env.getName(), c.getName())
            .isTrue();
      }
    }
  }

  @Test
  void servicesReadingTheConfigMapThroughTheApiDoNotAlsoLoadTheMountedFile() {
    // payment-api, fds-service, loyalty-service, benefit-service have Spring Cloud Kubernetes
    // config (configFromApi); the mounted file would outrank the API source and pin old values
    Set<String> fromApi =
        Set.of(
            "paystream-payment-api",
            "paystream-fds-service",
            "paystream-loyalty-service",
            "paystream-benefit-service");
    for (Deployment d : defaults.deployments()) {
      String name = d.getMetadata().getName();
      Map<String, String> env = new LinkedHashMap<>();
      d.getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .getFirst()
          .getEnv()
          .forEach(e -> env.put(e.getName(), e.getValue()));
      assertThat(env).as(name).containsEntry("SPRING_CLOUD_KUBERNETES_CONFIG_NAME", name);
      if (fromApi.contains(name)) {
        assertThat(env).as(name).doesNotContainKey("SPRING_CONFIG_ADDITIONALLOCATION");
      } else {
        assertThat(env)
            .as(name)
            .containsEntry(
                "SPRING_CONFIG_ADDITIONALLOCATION", "optional:file:/etc/paystream/config/");
      }
    }
    // without Spring Cloud Kubernetes those services fall back to the mounted file, API off
    RenderedChart off =
        RenderedChart.render(List.of(), Map.of("springCloudKubernetes.enabled", false));
    Map<String, String> fds = new LinkedHashMap<>();
    container(off, "paystream-fds-service")
        .getEnv()
        .forEach(e -> fds.put(e.getName(), e.getValue()));
    assertThat(fds)
        .containsEntry("SPRING_CONFIG_ADDITIONALLOCATION", "optional:file:/etc/paystream/config/")
        .containsEntry("SPRING_CLOUD_KUBERNETES_CONFIG_ENABLED", "false")
        .containsEntry("SPRING_CLOUD_KUBERNETES_RELOAD_ENABLED", "false");
  }

  @Test
  void gatewayRoutesToTheRenderedServices() {
    Container gateway = container(defaults, "paystream-gateway");
    Map<String, String> env = new LinkedHashMap<>();
    gateway.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));

    assertThat(env)
        .containsEntry(
            "PAYSTREAM_GATEWAY_DOWNSTREAM_PAYMENTAPI", "http://paystream-payment-api:8081")
        .containsEntry(
            "PAYSTREAM_GATEWAY_DOWNSTREAM_FDSSERVICE", "http://paystream-fds-service:8082")
        .containsEntry(
            "PAYSTREAM_GATEWAY_DOWNSTREAM_BENEFITSERVICE", "http://paystream-benefit-service:8085")
        .containsEntry("PAYSTREAM_AUTH_ISSUER_URI", "http://paystream-auth-server:9000");
    Service paymentApi =
        defaults.all(Service.class).stream()
            .filter(s -> s.getMetadata().getName().equals("paystream-payment-api"))
            .findFirst()
            .orElseThrow();
    assertThat(paymentApi.getSpec().getPorts())
        .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(8081));
  }

  @Test
  void onlyTheGatewayAcceptsTrafficFromAnywhere() {
    List<NetworkPolicy> policies = full.all(NetworkPolicy.class);
    NetworkPolicy deny = policy(policies, "paystream-default-deny");
    assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
    assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");

    for (String service : FLEET) {
      NetworkPolicy p = policy(policies, "paystream-" + service);
      List<NetworkPolicyIngressRule> open =
          p.getSpec().getIngress().stream()
              .filter(r -> r.getFrom() == null || r.getFrom().isEmpty())
              .toList();
      if (service.equals("gateway")) {
        assertThat(open)
            .singleElement()
            .satisfies(r -> assertThat(r.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080));
      } else {
        assertThat(open).as(service).isEmpty();
      }
    }
    // A pure consumer: only the monitoring namespace reaches it (no pod of the fleet).
    assertThat(policy(policies, "paystream-notification-service").getSpec().getIngress())
        .flatMap(NetworkPolicyIngressRule::getFrom)
        .allSatisfy(peer -> assertThat(peer.getPodSelector()).isNull());
    // Fleet services accept their main port from the gateway only.
    assertThat(policy(policies, "paystream-payment-api").getSpec().getIngress())
        .flatMap(NetworkPolicyIngressRule::getFrom)
        .filteredOn(peer -> peer.getPodSelector() != null)
        .extracting(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))
        .containsExactly("gateway");
  }

  @Test
  void topicJobIsAHookSoItIsNotPartOfTheReleaseManifest() {
    // helm-java's template, like the release manifest, leaves hooks out: a hook Job is absent.
    assertThat(defaults.all(Job.class)).isEmpty();
    assertThat(full.all(Job.class)).isEmpty();
  }

  @Test
  void topicJobCreatesTheRegistryAndDeadLetterTopics() {
    RenderedChart chart =
        RenderedChart.render(List.of(), Map.of("kafka.topics.job.helmHook", false));
    Job job = chart.all(Job.class).get(0);

    Map<String, String> env = new LinkedHashMap<>();
    job.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(e -> env.put(e.getName(), e.getValue()));
    assertThat(env.get("TOPICS").split(" ")).containsExactlyElementsOf(TOPICS);
    assertThat(env).containsEntry("REPLICATION_FACTOR", "3").containsEntry("MIN_ISR", "2");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().get(0))
        .contains("--if-not-exists", "--alter --topic \"$name\" --partitions");
  }

  @Test
  void topicJobUsesTheKafkaSecretsAndCaWithSaslSsl() {
    RenderedChart chart =
        RenderedChart.render(List.of(fullValues), Map.of("kafka.topics.job.helmHook", false));
    Job job = chart.all(Job.class).get(0);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getEnv())
        .filteredOn(e -> e.getValueFrom() != null)
        .extracting(e -> e.getValueFrom().getSecretKeyRef().getName())
        .containsOnly("paystream-kafka-user");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("paystream-kafka-ca");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
        .isTrue();
  }

  @Test
  void strimziModeRendersKafkaTopicsInsteadOfTheJob() {
    RenderedChart strimzi = RenderedChart.render(List.of(), Map.of("kafka.topics.mode", "strimzi"));

    assertThat(strimzi.all(Job.class)).isEmpty();
    List<GenericKubernetesResource> topics =
        strimzi.ofKind("KafkaTopic").stream().map(GenericKubernetesResource.class::cast).toList();
    assertThat(topics)
        .extracting(
            t ->
                t.getMetadata().getName()
                    + ":"
                    + ((Map<?, ?>) t.getAdditionalProperties().get("spec")).get("partitions"))
        .containsExactlyElementsOf(TOPICS);
    assertThat(topics)
        .allSatisfy(
            t -> {
              Map<?, ?> spec = (Map<?, ?>) t.getAdditionalProperties().get("spec");
              assertThat(spec.get("replicas")).isEqualTo(3);
              assertThat(((Map<?, ?>) spec.get("config")).get("min.insync.replicas")).isEqualTo(2);
              assertThat(t.getMetadata().getLabels())
                  .containsEntry("strimzi.io/cluster", "paystream");
            });
  }

  @Test
  void refusesToRenderWithoutThePublicBaseUrl() {
    // the URL the SMS provider signs; without it a caller's Host header would choose it
    assertThatThrownBy(() -> RenderedChart.renderAsGiven(List.of(), Map.of()))
        .hasMessageContaining("publicBaseUrl is required");
    assertThatThrownBy(
            () -> RenderedChart.render(List.of(), Map.of("publicBaseUrl", "api.paystream.example")))
        .as("not a URL")
        .hasMessageContaining("schema");
  }

  @Test
  void verificationApiChecksSignaturesAgainstThePublicBaseUrl() {
    assertThat(env(container(defaults, "paystream-verification-api")))
        .containsEntry("PAYSTREAM_VERIFICATION_PUBLIC_BASE_URL", RenderedChart.PUBLIC_BASE_URL);
  }

  @Test
  void jvmOptionsSizeTheHeapFromTheMemoryLimitAndPickSerialGcForOneCpu() {
    // the busy three get two CPUs and G1; the rest one CPU and SerialGC; tiered JIT by default
    for (String busy : List.of("gateway", "payment-api", "fds-service")) {
      assertThat(env(container(defaults, "paystream-" + busy)))
          .containsEntry(
              "JAVA_TOOL_OPTIONS",
              "-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=60 -XX:+UseG1GC"
                  + " -XX:+ExitOnOutOfMemoryError");
    }
    for (String small :
        List.of(
            "auth-server",
            "verification-api",
            "loyalty-service",
            "benefit-service",
            "notification-service")) {
      assertThat(env(container(defaults, "paystream-" + small)))
          .containsEntry(
              "JAVA_TOOL_OPTIONS",
              "-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=60 -XX:+UseSerialGC"
                  + " -XX:+ExitOnOutOfMemoryError");
    }
  }

  @ParameterizedTest
  @MethodSource("renderings")
  void everyHeapLeavesRoomForTheJvmsOwnMemory(RenderedChart chart) {
    // metaspace, code cache, thread stacks and Netty's direct buffers need ~200 MiB at rest
    Pattern percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)");
    assertThat(chart.deployments())
        .allSatisfy(
            d -> {
              Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
              Matcher m = percentage.matcher(env(c).get("JAVA_TOOL_OPTIONS"));
              assertThat(m.find()).as("MaxRAMPercentage set").isTrue();
              long limit =
                  c.getResources().getLimits().get("memory").getNumericalAmount().longValue();
              double heap = limit * Double.parseDouble(m.group(1)) / 100;
              assertThat(limit - heap)
                  .as("%s: memory limit minus heap", d.getMetadata().getName())
                  .isGreaterThanOrEqualTo(200.0 * 1024 * 1024);
            });
  }

  @Test
  void jvmValuesChooseTheCollectorJitAndAotCacheAndJavaToolOptionsWinsAsIs() {
    RenderedChart tuned =
        RenderedChart.render(
            List.of(),
            Map.of(
                "serviceDefaults.jvm.tieredStopAtLevel", "1",
                "services.loyalty-service.resources.limits.cpu", "1500m",
                "services.loyalty-service.resources.limits.memory", "1Gi",
                "services.loyalty-service.resources.requests.cpu", "500m",
                "services.loyalty-service.resources.requests.memory", "768Mi",
                "services.benefit-service.jvm.gc", "parallel",
                "services.notification-service.jvm.aotCache", "/app/app.aot",
                "services.auth-server.javaToolOptions", "-Xmx200m -XX:+UseSerialGC"));

    assertThat(env(container(tuned, "paystream-loyalty-service")).get("JAVA_TOOL_OPTIONS"))
        .as("1.5 CPUs: G1")
        .contains("-XX:+UseG1GC", "-XX:TieredStopAtLevel=1")
        .doesNotContain("SerialGC");
    assertThat(env(container(tuned, "paystream-benefit-service")).get("JAVA_TOOL_OPTIONS"))
        .contains("-XX:+UseParallelGC")
        .doesNotContain("SerialGC");
    assertThat(env(container(tuned, "paystream-notification-service")).get("JAVA_TOOL_OPTIONS"))
        .contains("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCache=/app/app.aot");
    assertThat(env(container(tuned, "paystream-auth-server")))
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xmx200m -XX:+UseSerialGC");
  }

  @Test
  void gatewayTrustsNoProxyUnlessTheValuesNameOne() {
    assertThat(env(container(defaults, "paystream-gateway")))
        .containsEntry("PAYSTREAM_GATEWAY_TRUSTED_PROXIES", "");

    RenderedChart behindIngress =
        RenderedChart.render(
            List.of(), Map.of("services.gateway.trustedProxies", "10[.]42[.][0-9]+[.][0-9]+"));
    assertThat(env(container(behindIngress, "paystream-gateway")))
        .containsEntry("PAYSTREAM_GATEWAY_TRUSTED_PROXIES", "10[.]42[.][0-9]+[.][0-9]+");
  }

  @Test
  void theRedisDownFallbackDividesByTheMostReplicasTheAutoscalerMayRun() {
    assertThat(env(container(defaults, "paystream-gateway")))
        .containsEntry("PAYSTREAM_GATEWAY_RATELIMIT_REPLICAS", "2");

    RenderedChart scaled =
        RenderedChart.render(
            List.of(),
            Map.of(
                "services.gateway.autoscaling.enabled",
                true,
                "services.gateway.autoscaling.maxReplicas",
                8));
    assertThat(env(container(scaled, "paystream-gateway")))
        .containsEntry("PAYSTREAM_GATEWAY_RATELIMIT_REPLICAS", "8");
  }

  @Test
  void everyKafkaReplicaJoinsItsGroupsUnderItsPodNameWithATenSecondSession() {
    for (String service : List.of("paystream-fds-service", "paystream-loyalty-service")) {
      Container c = container(defaults, service);
      assertThat(
              c.getEnv().stream()
                  .filter(e -> e.getName().equals("PAYSTREAM_KAFKA_CONSUMER_INSTANCEID"))
                  .map(e -> e.getValueFrom().getFieldRef().getFieldPath()))
          .containsExactly("metadata.name");
      assertThat(env(c))
          .containsEntry("PAYSTREAM_KAFKA_CONSUMER_SESSIONTIMEOUT", "10s")
          .containsEntry("PAYSTREAM_KAFKA_CONSUMER_HEARTBEATINTERVAL", "3s");
    }
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  @Test
  void aDisabledServiceRendersNothing() {
    RenderedChart chart =
        RenderedChart.render(List.of(), Map.of("services.benefit-service.enabled", false));

    assertThat(chart.inventory()).noneMatch(o -> o.contains("benefit-service"));
    assertThat(chart.deployments()).hasSize(FLEET.size() - 1);
  }

  @Test
  void valuesFileViolatingTheSchemaFailsToRender() {
    Path invalid = RenderedChart.resource("invalid-values.yaml");

    assertThatThrownBy(() -> RenderedChart.render(List.of(invalid), Map.of()))
        .hasMessageContaining("schema")
        .hasMessageContaining("replicas");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kafka.securityProtocol=SASL",
        "services.gateway.port=70000",
        "services.payments.enabled=true",
        "kafka.topics.mode=operator",
        "postgresql.sslMode=sometimes",
        "image.pullPolicy=Sometimes"
      })
  void wrongValueFailsAtInstallTime(String assignment) {
    String[] kv = assignment.split("=", 2);
    Object value = kv[1].matches("\\d+") ? Integer.valueOf(kv[1]) : kv[1];
    if (kv[1].equals("true")) {
      value = Boolean.TRUE;
    }
    Map<String, Object> set = Map.of(kv[0], value);

    assertThatThrownBy(() -> RenderedChart.render(List.of(), set)).hasMessageContaining("schema");
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
  }

  private static Container container(RenderedChart chart, String deployment) {
    return chart.deployments().stream()
        .filter(d -> d.getMetadata().getName().equals(deployment))
        .findFirst()
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static NetworkPolicy policy(List<NetworkPolicy> policies, String name) {
    return policies.stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readValues(Path file) throws IOException {
    return new KubernetesSerialization().unmarshal(Files.readString(file), Map.class);
  }

  /** Helm's values merge: maps merge key by key, anything else in the override replaces. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    override.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> m && out.get(k) instanceof Map<?, ?> b) {
            out.put(k, merge((Map<String, Object>) b, (Map<String, Object>) m));
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  /**
   * Every Secret name values give: {@code existingSecret} and {@code secretName} keys, anywhere.
   */
  private static void collectSecretNames(Object node, Set<String> names) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> {
            if (("existingSecret".equals(k) || "secretName".equals(k))
                && v instanceof String s
                && !s.isBlank()) {
              names.add(s);
            } else {
              collectSecretNames(v, names);
            }
          });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collectSecretNames(item, names));
    }
  }
}
