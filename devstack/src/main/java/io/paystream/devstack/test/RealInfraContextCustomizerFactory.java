package io.paystream.devstack.test;

import java.util.List;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points a Spring test context of a {@link PaystreamIntegrationTest} class at the class's own
 * {@link Infra}. One context per test class (the customizer's identity is the class), so no context
 * is ever shared across databases or brokers.
 */
public class RealInfraContextCustomizerFactory implements ContextCustomizerFactory {

  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    boolean annotated =
        MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
            .isPresent(PaystreamIntegrationTest.class);
    return annotated ? new Customizer(testClass) : null;
  }

  private static final class Customizer implements ContextCustomizer {

    private final Class<?> testClass;

    Customizer(Class<?> testClass) {
      this.testClass = testClass;
    }

    @Override
    public void customizeContext(
        ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
      Infra infra = RealInfraExtension.infraFor(testClass);
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("paystreamInfra", infra.springProperties()));
      RealInfraExtension.registerContext(testClass, context);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Customizer c && c.testClass == testClass;
    }

    @Override
    public int hashCode() {
      return Objects.hash(testClass);
    }
  }
}
