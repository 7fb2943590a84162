package io.paystream.platform.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedResource;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Refuses to start a service outside the {@code dev} and {@code test} profiles while a secret
 * setting holds a value committed to the repository (finding 6 of issue 17).
 *
 * <p>A <em>secret setting</em> is a property whose name ends in {@code secret}, {@code password},
 * {@code token} or {@code key} (also {@code -secret}, {@code private-key}, …) or is an entry of a
 * {@code keys} map or list ({@code paystream.tokenization.keys.k1}). Its <em>committed value</em>
 * is what the service's packaged configuration ({@code application.yml} on the class path) gives it
 * when nothing outside the jar is set: a literal, or the default of a {@code ${ENV:default}}
 * placeholder. When the value in force equals the committed value (the default applied, or someone
 * copied the public dev value into a Secret), the service stops with a {@link DevSecretException}
 * naming every such setting, where it is committed, and the environment variable its placeholder
 * reads. Blank values are not checked (the setting's own validation decides whether empty is
 * allowed).
 *
 * <p>Runs after Boot's config data processing (lowest precedence), so profile documents, imported
 * ConfigMaps and the environment are all in place. The {@code dev} profile (the dev fleet, {@code
 * devstack}) and the {@code test} profile (every {@code @PaystreamIntegrationTest}) skip the check;
 * so does any profile list containing one of them.
 */
public class DevSecretsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /** Profiles in which committed dev secrets are allowed. */
  public static final Set<String> DEV_PROFILES = Set.of("dev", "test");

  static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?:^|[.\\-])(?:secret|password|token|key)$|\\.keys\\.[^.\\[]+$|\\.keys\\[[^\\]]+]$");

  private static final Pattern PLACEHOLDER_VARIABLE = Pattern.compile("^\\$\\{([^:}]+)[:}]");

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (Arrays.stream(environment.getActiveProfiles()).anyMatch(DEV_PROFILES::contains)) {
      return;
    }
    MutablePropertySources packaged = new MutablePropertySources();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (isPackaged(source)) {
        packaged.addLast(source);
      }
    }
    PropertySourcesPropertyResolver committed = new PropertySourcesPropertyResolver(packaged);
    committed.setIgnoreUnresolvableNestedPlaceholders(true);
    List<String> violations = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (PropertySource<?> source : packaged) {
      for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
        if (!SECRET_NAME.matcher(name).find() || seen.contains(name)) {
          continue;
        }
        seen.add(name);
        Object raw = source.getProperty(name);
        if (raw == null) {
          continue;
        }
        String committedValue = committed.resolvePlaceholders(raw.toString());
        String inForce;
        try {
          inForce = environment.getProperty(name);
        } catch (IllegalArgumentException unresolvable) {
          continue;
        }
        if (inForce != null && !inForce.isBlank() && inForce.equals(committedValue)) {
          violations.add(describe(name, raw.toString(), OriginLookup.getOrigin(source, name)));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new DevSecretException(List.of(environment.getActiveProfiles()), violations);
    }
  }

  private static String describe(String name, String raw, Origin origin) {
    StringBuilder s = new StringBuilder(name);
    if (origin != null) {
      s.append(" (committed in ").append(origin).append(')');
    }
    Matcher variable = PLACEHOLDER_VARIABLE.matcher(raw);
    if (variable.find()) {
      s.append(": set ").append(variable.group(1)).append(" from a secret");
    }
    return s.toString();
  }

  /** Whether a property source is configuration packaged in the application (class path). */
  private static boolean isPackaged(PropertySource<?> source) {
    if (!(source instanceof EnumerablePropertySource<?> enumerable)
        || !(source instanceof OriginLookup<?>)) {
      return false;
    }
    String[] names = enumerable.getPropertyNames();
    return names.length > 0 && isClassPath(OriginLookup.getOrigin(source, names[0]));
  }

  private static boolean isClassPath(Origin origin) {
    for (Origin o = origin; o != null; o = o.getParent()) {
      if (o instanceof TextResourceOrigin text) {
        Resource resource = text.getResource();
        while (resource instanceof OriginTrackedResource tracked) {
          resource = tracked.getResource();
        }
        if (resource instanceof ClassPathResource) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A secret setting holds its committed (public) value outside the dev and test profiles. Reported
   * by {@link DevSecretFailureAnalyzer}.
   */
  public static final class DevSecretException extends IllegalStateException {

    private final List<String> settings;

    DevSecretException(List<String> activeProfiles, List<String> settings) {
      super(
          "Refusing to start with a committed dev secret outside the dev and test profiles"
              + " (active profiles: "
              + activeProfiles
              + "): "
              + String.join("; ", settings));
      this.settings = List.copyOf(settings);
    }

    /** Each offending setting, where its value is committed, and what to set instead. */
    public List<String> settings() {
      return settings;
    }
  }
}
