package io.paystream.devstack;

import java.util.List;
import java.util.Optional;

/**
 * The service modules {@code make up} starts, in start order, with their ports (docs/api.md) and
 * where their health is read. The one table to change when a service moves its actuator.
 */
public final class Fleet {

  /**
   * A service module of the fleet.
   *
   * @param name module directory = artifactId = {@code spring.application.name}
   * @param port the HTTP port ({@code server.port})
   * @param managementPort the actuator port ({@code management.server.port}); equal to {@code port}
   *     when the actuator is served on the application port
   */
  public record Service(String name, int port, int managementPort) {

    /** {@code <root>/<name>/target/<name>-0.1.0-SNAPSHOT.jar}, relative to the repository root. */
    public String jar() {
      return name + "/target/" + name + "-" + VERSION + ".jar";
    }

    /** The actuator health URL on {@code host}. */
    public String healthUrl(String host) {
      return "http://" + host + ":" + managementPort + "/actuator/health";
    }

    /** Whether the actuator listens on its own management port. */
    public boolean separateManagementPort() {
      return managementPort != port;
    }
  }

  /** The Maven project version the service jars carry. */
  public static final String VERSION = "0.1.0-SNAPSHOT";

  /** Every service module, auth-server first (others read its JWKS). */
  public static final List<Service> SERVICES =
      List.of(
          new Service("auth-server", 9000, 9000),
          new Service("gateway", 8080, 8180),
          new Service("payment-api", 8081, 8081),
          new Service("fds-service", 8082, 8082),
          new Service("verification-api", 8083, 8083),
          new Service("loyalty-service", 8084, 8084),
          new Service("benefit-service", 8085, 8085),
          new Service("notification-service", 8086, 8086));

  private Fleet() {}

  /** The service named {@code name}, if it is one. */
  public static Optional<Service> byName(String name) {
    return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
