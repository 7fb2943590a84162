package io.paystream.deploy.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart {@code deploy/helm/paystream} rendered in-process by helm-java ({@code helm template})
 * and parsed into fabric8 Kubernetes model objects; kinds fabric8 does not know (ServiceMonitor,
 * KafkaTopic) become {@code GenericKubernetesResource}.
 *
 * @param yaml the manifest text exactly as {@code helm template} printed it
 * @param objects every rendered object in output order
 */
record RenderedChart(String yaml, List<HasMetadata> objects) {

  static final String RELEASE = "paystream";
  static final String NAMESPACE = "payments";

  /**
   * The oldest Kubernetes the chart supports (Chart.yaml kubeVersion; preStop sleep needs 1.30).
   */
  static final String KUBE_VERSION = "1.30.0";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The chart directory (set by surefire; relative fallback for IDE runs from the module). */
  static Path chartDir() {
    return Path.of(System.getProperty("paystream.chart.dir", "../helm/paystream"))
        .toAbsolutePath()
        .normalize();
  }

  /** The public address every test install gives (an operator must set one, see the runbook). */
  static final String PUBLIC_BASE_URL = "https://api.paystream.example";

  /**
   * Renders the chart with its defaults plus these values files and {@code --set} pairs, and the
   * required {@code publicBaseUrl} ({@link #PUBLIC_BASE_URL}) unless a {@code --set} pair sets it.
   */
  static RenderedChart render(List<Path> valuesFiles, Map<String, Object> sets) {
    Map<String, Object> withUrl = new java.util.LinkedHashMap<>();
    withUrl.put("publicBaseUrl", PUBLIC_BASE_URL);
    withUrl.putAll(sets);
    return renderAsGiven(valuesFiles, withUrl);
  }

  /** Renders the chart with exactly these values files and {@code --set} pairs. */
  static RenderedChart renderAsGiven(List<Path> valuesFiles, Map<String, Object> sets) {
    TemplateCommand template =
        new Helm(chartDir())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    valuesFiles.forEach(template::withValuesFile);
    sets.forEach(template::set);
    return parse(template.call());
  }

  static RenderedChart parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
      boolean onlyComments =
          document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
      if (!onlyComments) {
        objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return new RenderedChart(yaml, List.copyOf(objects));
  }

  /** A test resource file of this module as a path helm can read. */
  static Path resource(String name) {
    try {
      Path file = Files.createTempFile("values-", ".yaml");
      try (var in = RenderedChart.class.getResourceAsStream("/" + name)) {
        if (in == null) {
          throw new IllegalArgumentException("no test resource " + name);
        }
        Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  Optional<HasMetadata> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  List<Deployment> deployments() {
    return all(Deployment.class);
  }

  /** "Kind/name" of every object, in output order. */
  List<String> inventory() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }
}
