package io.paystream.platform;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every paystream service shares, at the lowest precedence so a service's own {@code
 * application.yml}, the environment or Helm values override any of them: RFC 9457 problem details
 * on, actuator health probes (liveness/readiness groups), info and Prometheus exposed, build and
 * git info on {@code /actuator/info}.
 */
public class PlatformDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final String SOURCE_NAME = "paystreamPlatformDefaults";

  static final Map<String, Object> DEFAULTS =
      Map.ofEntries(
          Map.entry("spring.webflux.problemdetails.enabled", "true"),
          Map.entry("spring.mvc.problemdetails.enabled", "true"),
          Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus"),
          Map.entry("management.endpoint.health.probes.enabled", "true"),
          Map.entry("management.endpoint.health.show-details", "always"),
          Map.entry("management.info.git.mode", "simple"),
          Map.entry("management.info.java.enabled", "true"),
          Map.entry("server.shutdown", "graceful"));

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, DEFAULTS));
  }
}
