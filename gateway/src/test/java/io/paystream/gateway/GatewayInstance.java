package io.paystream.gateway;

import io.paystream.devstack.test.Infra;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real gateway application on ephemeral ports, pointed at a test's Kafka, Redis and downstream
 * stub; several can run side by side in one JVM (replicas sharing Redis).
 */
final class GatewayInstance implements AutoCloseable {

  final ConfigurableApplicationContext context;
  final int port;

  private GatewayInstance(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  static Map<String, Object> baseProperties(Infra infra, String downstream, String issuer) {
    Map<String, Object> p = new LinkedHashMap<>(infra.springProperties());
    p.put("server.port", 0);
    p.put("management.server.port", 0);
    for (String service :
        List.of(
            "payment-api",
            "fds-service",
            "verification-api",
            "loyalty-service",
            "benefit-service")) {
      p.put("paystream.gateway.downstream." + service, downstream);
    }
    p.put("paystream.gateway.security.issuer-uri", issuer);
    p.put("paystream.gateway.security.jwk-set-uri", downstream + "/oauth2/jwks");
    return p;
  }

  static GatewayInstance start(Map<String, Object> properties, Clock clock) {
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    SpringApplicationBuilder builder = new SpringApplicationBuilder(GatewayApplication.class);
    if (clock != null) {
      builder.initializers(c -> c.getBeanFactory().registerSingleton("clock", clock));
    }
    return new GatewayInstance(builder.run(args.toArray(String[]::new)));
  }

  /** The actuator's address on the management port (never routed to the public). */
  String managementUrl(String path) {
    return "http://127.0.0.1:"
        + context.getEnvironment().getRequiredProperty("local.management.port")
        + path;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Override
  public void close() {
    context.close();
  }
}
