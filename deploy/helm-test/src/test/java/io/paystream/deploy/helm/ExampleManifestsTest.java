package io.paystream.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-cluster infrastructure examples under {@code deploy/examples} parse as Kubernetes objects
 * and line up with the chart's defaults (names, ports, Secrets, topic settings).
 */
class ExampleManifestsTest {

  private static RenderedChart example(String file) throws IOException {
    Path path = RenderedChart.chartDir().resolve("../../examples").resolve(file).normalize();
    return RenderedChart.parse(Files.readString(path));
  }

  @Test
  void strimziExampleDeclaresAKraftClusterWithTheChartsTopicDefaults() throws IOException {
    RenderedChart strimzi = example("strimzi-kafka.yaml");

    assertThat(strimzi.inventory())
        .containsExactly(
            "KafkaNodePool/dual-role",
            "Kafka/paystream",
            "KafkaUser/paystream",
            "KafkaTopic/payment-stream");
    Map<?, ?> kafka =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ((GenericKubernetesResource) strimzi.find("Kafka", "paystream").orElseThrow())
                        .getAdditionalProperties()
                        .get("spec"))
                .get("kafka");
    Map<?, ?> config = (Map<?, ?>) kafka.get("config");
    assertThat(config.get("default.replication.factor")).isEqualTo(3);
    assertThat(config.get("min.insync.replicas")).isEqualTo(2);
    assertThat(config.get("auto.create.topics.enable")).isEqualTo(false);
  }

  @Test
  void cloudNativePgExampleOwnsThePaystreamDatabase() throws IOException {
    RenderedChart pg = example("cloudnativepg-cluster.yaml");

    GenericKubernetesResource cluster =
        (GenericKubernetesResource) pg.find("Cluster", "paystream-pg").orElseThrow();
    Map<?, ?> initdb =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ((Map<?, ?>) cluster.getAdditionalProperties().get("spec")).get("bootstrap"))
                .get("initdb");
    assertThat(initdb.get("database")).isEqualTo("paystream");
    assertThat(((Map<?, ?>) cluster.getAdditionalProperties().get("spec")).get("instances"))
        .isEqualTo(3);
  }

  @Test
  void redisExampleMatchesTheChartDefaultsAndRunsNonRoot() throws IOException {
    RenderedChart redis = example("redis.yaml");

    Service service = redis.all(Service.class).get(0);
    assertThat(service.getMetadata().getName()).isEqualTo("paystream-redis");
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(6379);
    StatefulSet statefulSet = redis.all(StatefulSet.class).get(0);
    var pod = statefulSet.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem())
        .isTrue();
    assertThat(
            pod.getContainers().get(0).getEnv().get(0).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("paystream-redis");
  }
}
