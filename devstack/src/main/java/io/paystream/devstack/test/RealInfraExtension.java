package io.paystream.devstack.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension behind {@link PaystreamIntegrationTest}: starts the class's {@link Infra}
 * before all tests, resolves {@code Infra} parameters, closes it after all tests. The Spring
 * context customizer asks {@link #infraFor(Class)} for the same instance.
 */
public class RealInfraExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

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
    infraFor(context.getRequiredTestClass());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    AutoCloseable springContext = CONTEXTS.remove(context.getRequiredTestClass());
    if (springContext != null) {
      springContext.close();
    }
    Infra infra = RUNNING.remove(context.getRequiredTestClass());
    if (infra != null) {
      infra.close();
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
