package io.paystream.devstack.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link PaystreamIntegrationTest}: starts the class's {@link Infra}
 * before all tests, resolves {@code Infra} parameters, and closes it (after the class's Spring
 * context, if any) once the class is done. The Spring context customizer asks {@link
 * #infraFor(Class)} for the same instance.
 *
 * <p>Teardown is a resource in the class-level extension store, which JUnit closes only after every
 * extension's {@code afterAll} has run: so it does not matter whether {@code
 * PaystreamIntegrationTest} is declared before or after {@code @SpringBootTest}.
 */
public class RealInfraExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RealInfraExtension.class);

  private static final Map<Class<?>, Infra> RUNNING = new ConcurrentHashMap<>();
  private static final Map<Class<?>, AutoCloseable> CONTEXTS = new ConcurrentHashMap<>();

  /** The running infrastructure of a test class, started on first request. */
  public static Infra infraFor(Class<?> testClass) {
    return RUNNING.computeIfAbsent(testClass, Infra::start);
  }

  /**
   * Remembers a Spring application context built on a class's infrastructure, so that it is closed
   * (consumers stopped, pools drained) before the infrastructure goes away.
   */
  static void registerContext(Class<?> testClass, AutoCloseable context) {
    CONTEXTS.put(testClass, context);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    infraFor(testClass);
    context.getStore(NAMESPACE).put(Teardown.class, new Teardown(testClass));
  }

  /** Closes a class's Spring context (if one was built on its infrastructure), then the infra. */
  private record Teardown(Class<?> testClass) implements AutoCloseable {

    @Override
    public void close() throws Exception {
      try {
        AutoCloseable springContext = CONTEXTS.remove(testClass);
        if (springContext != null) {
          springContext.close();
        }
      } finally {
        Infra infra = RUNNING.remove(testClass);
        if (infra != null) {
          infra.close();
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Infra.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return infraFor(context.getRequiredTestClass());
  }
}
